-- wrk script: POST the patient article to /v1/analyze. Run from the repository root (the
-- path is relative to it); wrk reports non-2xx answers as "Non-2xx or 3xx responses":
--   wrk -t2 -c64 -d10s --latency -s benches/post.lua http://127.0.0.1:8080/v1/analyze
local file = assert(io.open("tests/fixtures/health_article.html", "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "text/html; charset=utf-8"
