# Build in the Rust image, run in a distroless one as a non-root user.
FROM rust:1.95.0-slim-bookworm AS build
WORKDIR /src
COPY Cargo.toml Cargo.lock build.rs ./
# The branch profile and the wrapper that gives it to rustc (pgo/rustc): the image's compiler
# is the release that made the profile (pinned above), so the release build is profile-guided.
COPY .cargo ./.cargo
COPY pgo ./pgo
COPY src ./src
COPY wordlists ./wordlists
COPY web ./web
# Cargo checks that every declared target exists, benchmarks included.
COPY benches ./benches
RUN cargo build --release --locked --bin legible

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/target/release/legible /usr/local/bin/legible
USER nonroot
EXPOSE 8080
# The health check is the binary itself: the image has no shell or curl.
HEALTHCHECK --interval=30s --timeout=5s --retries=3 CMD ["/usr/local/bin/legible", "healthcheck", "--addr", "127.0.0.1:8080"]
ENTRYPOINT ["/usr/local/bin/legible"]
CMD ["serve", "--addr", "0.0.0.0:8080"]
