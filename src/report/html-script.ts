/**
 * The report's one script: filters by status, minimum severity and free text. Constant text,
 * allowed by the CSP through its SHA-256 hash; it reads only data- attributes and textContent,
 * never writes HTML, so server strings are never parsed by it.
 */
export const REPORT_SCRIPT = `(() => {
  const search = document.getElementById('f-search');
  const status = document.getElementById('f-status');
  const severity = document.getElementById('f-severity');
  const count = document.getElementById('f-count');
  const rows = Array.from(document.querySelectorAll('[data-row]'));
  const apply = () => {
    const text = search.value.trim().toLowerCase();
    const wanted = status.value;
    const min = Number(severity.value);
    let shown = 0;
    for (const row of rows) {
      const visible = (wanted === '' || row.dataset.status === wanted) &&
        Number(row.dataset.sev) >= min &&
        (text === '' || row.textContent.toLowerCase().includes(text));
      row.hidden = !visible;
      if (visible) shown += 1;
    }
    count.textContent = shown + ' of ' + rows.length + ' shown';
  };
  search.addEventListener('input', apply);
  status.addEventListener('change', apply);
  severity.addEventListener('change', apply);
  apply();
})();`;
