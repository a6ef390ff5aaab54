// Mailroom webmail: progressive enhancement only. Every page works without this file;
// it adds keyboard shortcuts, select-all, live updates of new mail, and sizing of the
// message body frame. No inline scripts anywhere (the Content-Security-Policy forbids them).
(function () {
  'use strict';

  const list = () => Array.from(document.querySelectorAll('.message-row'));
  let cursor = -1;

  function move(delta) {
    const rows = list();
    if (rows.length === 0) return;
    rows.forEach((row) => row.classList.remove('keyboard'));
    cursor = Math.max(0, Math.min(rows.length - 1, cursor + delta));
    rows[cursor].classList.add('keyboard');
    rows[cursor].scrollIntoView({ block: 'nearest' });
    const link = rows[cursor].querySelector('.row-link');
    if (link) link.focus();
  }

  function click(selector) {
    const target = document.querySelector(selector);
    if (target) { target.click(); return true; }
    return false;
  }

  function submitAction(action) {
    const form = document.getElementById('message-actions') || document.getElementById('list-form');
    if (!form) return;
    if (form.id === 'list-form' && cursor >= 0 && !form.querySelector('input[name=id]:checked')) {
      const box = list()[cursor].querySelector('input[name=id]');
      if (box) box.checked = true;
    }
    const button = form.querySelector('button[name=action][value="' + action + '"]');
    if (button) button.click();
  }

  function help() {
    let dialog = document.getElementById('shortcut-help');
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.id = 'shortcut-help';
      dialog.className = 'help';
      const keys = [['c', 'compose'], ['/', 'search'], ['j / k', 'next / previous'], ['o, Enter', 'open'],
        ['r', 'reply'], ['a', 'reply all'], ['f', 'forward'], ['e', 'archive'], ['#', 'delete'],
        ['u', 'back to the list'], ['?', 'this help']];
      const table = document.createElement('table');
      keys.forEach(([key, what]) => {
        const row = table.insertRow();
        const k = document.createElement('kbd');
        k.textContent = key;
        row.insertCell().appendChild(k);
        row.insertCell().textContent = what;
      });
      const close = document.createElement('button');
      close.textContent = 'OK';
      close.addEventListener('click', () => dialog.close());
      dialog.append(table, close);
      document.body.appendChild(dialog);
    }
    dialog.showModal();
  }

  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) {
      if (event.key === 'Escape') target.blur();
      return;
    }
    switch (event.key) {
      case 'c': window.location.href = '/mail/compose'; break;
      case '/': event.preventDefault(); document.getElementById('q')?.focus(); break;
      case 'j': move(1); break;
      case 'k': move(-1); break;
      case 'o': case 'Enter': if (cursor >= 0) list()[cursor].querySelector('.row-link')?.click(); break;
      case 'r': click('#reply'); break;
      case 'a': click('#reply-all'); break;
      case 'f': click('#forward'); break;
      case 'e': submitAction('archive'); break;
      case '#': submitAction('delete'); break;
      case 'u': if (document.body.dataset.message) history.back(); break;
      case '?': help(); break;
      default: return;
    }
  });

  document.addEventListener('DOMContentLoaded', () => {
    const all = document.getElementById('select-all');
    if (all) {
      all.addEventListener('change', () => {
        document.querySelectorAll('#list-form input[name=id]').forEach((box) => { box.checked = all.checked; });
      });
    }
    const toggle = document.querySelector('.menu-toggle');
    if (toggle) {
      toggle.addEventListener('click', () => {
        const open = document.getElementById('sidebar')?.classList.toggle('open');
        toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      });
    }
    // The body frame is same-origin (sandboxed without scripts): size it to its content.
    document.querySelectorAll('iframe.body-frame').forEach((frame) => {
      const fit = () => {
        try {
          const doc = frame.contentDocument;
          if (doc && doc.documentElement) frame.style.height = (doc.documentElement.scrollHeight + 20) + 'px';
        } catch (e) { /* not ours to measure */ }
      };
      frame.addEventListener('load', () => { fit(); setTimeout(fit, 300); });
    });
    // "Sending… Undo" goes away when the undo-send delay is over.
    const undo = document.getElementById('undo-send');
    if (undo) {
      setTimeout(() => {
        const sent = document.createElement('span');
        sent.textContent = undo.dataset.sent || '';
        undo.replaceChildren(sent);
        setTimeout(() => { undo.hidden = true; }, 4000);
      }, Number(undo.dataset.undoSeconds || 0) * 1000);
    }
    document.querySelectorAll('form[data-confirm]').forEach((form) => {
      form.addEventListener('submit', (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
    });
    live();
  });

  // New mail without a reload: server-sent events, with polling where they are cut off.
  function live() {
    if (!document.getElementById('sidebar')) return;
    const baseTitle = document.title.replace(/^\(\d+\) /, '');
    const apply = (counts) => {
      Object.entries(counts.unread || {}).forEach(([folder, unread]) => {
        const link = document.querySelector('.folders a[data-folder="' + folder + '"]');
        if (!link) return;
        let badge = link.querySelector('.count');
        if (unread > 0) {
          if (!badge) { badge = document.createElement('span'); badge.className = 'count'; link.appendChild(badge); }
          badge.textContent = unread;
        } else if (badge) {
          badge.remove();
        }
      });
      const inbox = counts.inboxUnread || 0;
      document.title = (inbox > 0 ? '(' + inbox + ') ' : '') + baseTitle;
      const shown = document.body.dataset.folder;
      if (counts.newMail && shown && counts.newMail.includes(Number(shown))) {
        const banner = document.querySelector('.new-mail');
        const busy = document.querySelector('#list-form input[name=id]:checked');
        if (document.body.dataset.firstPage === 'true' && !busy) {
          window.location.reload();
        } else if (banner) {
          banner.hidden = false;
        }
      }
    };
    if ('EventSource' in window) {
      const events = new EventSource('/mail/events');
      events.addEventListener('counts', (event) => apply(JSON.parse(event.data)));
      // EventSource reconnects by itself; only a refused stream falls back to polling.
      events.onerror = () => { if (events.readyState === EventSource.CLOSED) setTimeout(poll, 5000); };
    } else {
      setTimeout(poll, 5000);
    }
    function poll() {
      fetch('/mail/counts', { headers: { Accept: 'application/json' } })
        .then((response) => response.ok ? response.json() : null)
        .then((counts) => { if (counts) apply(counts); })
        .finally(() => setTimeout(poll, 10000));
    }
  }
})();
