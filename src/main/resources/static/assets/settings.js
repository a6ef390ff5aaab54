// Mailroom settings page: progressive enhancement only (the page works without it).
// - While no time zone was ever chosen, tells the server the browser's zone, which it
//   then saves with the other settings, and says so next to the select.
// - A copy button for a newly created API token.
(function () {
  'use strict';

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || '';
    } catch (e) {
      return '';
    }
  }

  function zone() {
    const select = document.getElementById('timeZone');
    const hidden = document.getElementById('browserTimeZone');
    if (!select || !hidden || select.dataset.chosen === 'true') return;
    const found = browserZone();
    if (!found) return;
    hidden.value = found;
    const note = document.getElementById('browser-zone');
    if (note && note.dataset.text) {
      note.textContent = note.dataset.text.replace('{0}', found);
      note.hidden = false;
    }
  }

  function copyButton() {
    const input = document.getElementById('new-token');
    const button = document.getElementById('copy-token');
    if (!input || !button) return;
    input.addEventListener('focus', () => input.select());
    if (!navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener('click', () => {
      navigator.clipboard.writeText(input.value).then(() => {
        button.textContent = button.dataset.copied || button.textContent;
      }, () => input.select());
    });
  }

  function start() {
    zone();
    copyButton();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
