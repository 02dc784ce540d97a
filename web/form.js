// Progressive enhancement of the report form: as the editor types or changes an option, the
// report is checked again (debounced, 400 ms after the last change) and swapped in place,
// without a page reload. The server renders the report; this script only fetches it from
// this origin and replaces the #report element, so the page with JavaScript off is the
// same page. No inline script: the Content-Security-Policy allows only this file.
'use strict';

(function () {
  const DEBOUNCE_MS = 400;
  const form = document.getElementById('analyze');
  const textarea = document.getElementById('html');
  const status = document.getElementById('status');
  if (!form || !textarea || !status || !window.fetch || !window.DOMParser) {
    return;
  }
  let timer = 0;
  let inFlight = null;

  function swapReport(html) {
    const fresh = new DOMParser().parseFromString(html, 'text/html').getElementById('report');
    const current = document.getElementById('report');
    if (fresh && current) {
      current.replaceWith(document.importNode(fresh, true));
    }
  }

  function refresh() {
    if (!textarea.value.trim()) {
      return;
    }
    if (inFlight) {
      inFlight.abort();
    }
    inFlight = new AbortController();
    const data = new FormData(form);
    data.delete('file');
    status.textContent = 'Checking…';
    fetch('/report', { method: 'POST', body: data, signal: inFlight.signal, credentials: 'same-origin' })
      .then((response) => response.text().then((html) => ({ ok: response.ok, html })))
      .then(({ ok, html }) => {
        swapReport(html);
        status.textContent = ok ? 'Report updated.' : 'The article could not be checked: see the message below.';
      })
      .catch((error) => {
        if (error.name !== 'AbortError') {
          status.textContent = 'The report could not be updated (' + error.message + ').';
        }
      });
  }

  function schedule() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, DEBOUNCE_MS);
  }

  // A jargon note shown on focus can be dismissed with Escape without moving focus (WCAG
  // 1.4.13, content on hover or focus); it comes back when the highlight is focused again.
  document.addEventListener('keydown', (event) => {
    const mark = event.target.closest && event.target.closest('mark');
    if (event.key === 'Escape' && mark && mark.querySelector('.note')) {
      mark.classList.add('dismissed');
    }
  });
  document.addEventListener('focusout', (event) => {
    const mark = event.target.closest && event.target.closest('mark.dismissed');
    if (mark) {
      mark.classList.remove('dismissed');
    }
  });

  textarea.addEventListener('input', schedule);
  form.addEventListener('change', (event) => {
    if (event.target.name !== 'file' && event.target !== textarea) {
      schedule();
    }
  });
})();
