// Mailroom compose page, on top of a form that works without it: attachments added by
// the picker or dropped on the form (listed with sizes, removable, the size limit checked
// before anything is sent), the draft saved every few seconds while the user types,
// address suggestions from past correspondents, and a small rich-text editor. Loaded by
// compose.html only; no inline scripts (the Content-Security-Policy forbids them).
(function () {
  'use strict';

  const AUTOSAVE_MS = 10000;

  const form = document.getElementById('compose-form');
  if (!form) return;
  const $ = (id) => document.getElementById(id);
  const say = (key) => form.dataset[key] || '';
  const csrf = form.querySelector('input[name="_csrf"]');
  const fileInput = $('files');
  const keptList = $('kept-files');
  const newList = $('new-files');
  const total = $('attach-total');
  const attachError = $('attach-error');
  const status = $('save-status');
  const draftId = $('draftId');
  const textArea = $('text');
  const htmlField = $('html');
  const editor = $('editor');
  const bar = $('editor-bar');
  const toggle = $('editor-toggle');
  const maxBytes = Number(form.dataset.maxBytes || 0);

  // Files chosen or dropped that are not in the saved draft yet.
  let files = [];
  let dirty = false;
  let saving = null;
  let submitting = false;
  let rich = false;

  // ---- Attachments -------------------------------------------------------------

  function readable(bytes) {
    if (bytes < 1024) return bytes + ' B';
    if (bytes < 1024 * 1024) return Math.round(bytes / 1024) + ' KB';
    return (bytes / (1024 * 1024)).toFixed(1) + ' MB';
  }

  // The file input holds exactly the files of the list, so a plain submit sends them.
  function syncInput() {
    const transfer = new DataTransfer();
    files.forEach((file) => transfer.items.add(file));
    fileInput.files = transfer.files;
  }

  function removeButton(onRemove) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'link remove';
    button.textContent = say('remove');
    button.addEventListener('click', () => {
      if (saving) return; // the list is about to be replaced by the saved draft's
      onRemove();
      changed();
    });
    return button;
  }

  function item(name, size) {
    const li = document.createElement('li');
    const label = document.createElement('span');
    label.className = 'name';
    label.textContent = name;
    const bytes = document.createElement('span');
    bytes.className = 'size';
    bytes.textContent = readable(size);
    li.append(label, ' ', bytes, ' ');
    return li;
  }

  function renderNew() {
    newList.replaceChildren(...files.map((file) => {
      const li = item(file.name, file.size);
      li.append(removeButton(() => { files = files.filter((f) => f !== file); syncInput(); renderNew(); }));
      return li;
    }));
    checkSize();
  }

  // Attachments of the saved draft: a hidden "keep" box each, posted with the form.
  function keptItem(index, name, size) {
    const li = item(name, size);
    li.dataset.size = size;
    const keep = document.createElement('input');
    keep.type = 'hidden';
    keep.name = 'keep';
    keep.value = index;
    li.append(keep, removeButton(() => { li.remove(); checkSize(); }));
    return li;
  }

  function renderKept(attachments) {
    keptList.replaceChildren(...attachments.map((a) => keptItem(a.index, a.name, a.size)));
    checkSize();
  }

  function totalBytes() {
    let sum = files.reduce((s, file) => s + file.size, 0);
    keptList.querySelectorAll('li').forEach((li) => { sum += Number(li.dataset.size || 0); });
    return sum;
  }

  function checkSize() {
    const bytes = totalBytes();
    const over = maxBytes > 0 && bytes > maxBytes;
    total.textContent = bytes > 0 ? say('total').replace('{0}', readable(bytes)).replace('{1}', readable(maxBytes)) : '';
    attachError.textContent = over ? say('tooBig') : '';
    attachError.hidden = !over;
    return !over;
  }

  function addFiles(list) {
    files = files.concat(Array.from(list));
    syncInput();
    renderNew();
    changed();
  }

  // The server's list becomes ours: kept boxes that were ticked, with remove buttons.
  renderKept(Array.from(keptList.querySelectorAll('li'))
    .filter((li) => li.dataset.kept === 'true')
    .map((li) => ({ index: li.dataset.index, name: li.dataset.name, size: Number(li.dataset.size) })));

  fileInput.addEventListener('change', () => {
    // The input now holds only the new pick: add it to what was chosen before.
    addFiles(fileInput.files);
  });

  const hasFiles = (event) => event.dataTransfer && Array.from(event.dataTransfer.types).includes('Files');
  form.addEventListener('dragover', (event) => {
    if (!hasFiles(event)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    form.classList.add('dropping');
  });
  form.addEventListener('dragleave', (event) => {
    if (!form.contains(event.relatedTarget)) form.classList.remove('dropping');
  });
  form.addEventListener('drop', (event) => {
    form.classList.remove('dropping');
    if (!hasFiles(event)) return;
    event.preventDefault(); // not into the editor, not opened by the browser
    addFiles(event.dataTransfer.files);
  });

  // ---- Rich text ---------------------------------------------------------------

  function escapeHtml(text) {
    const div = document.createElement('div');
    div.textContent = text;
    return div.innerHTML;
  }

  function textToHtml(text) {
    return escapeHtml(text).replace(/\r?\n/g, '<br>');
  }

  function editorText() {
    // innerText keeps the line breaks of blocks and <br> as the user sees them.
    return editor.innerText.replace(/\u00a0/g, ' ').replace(/\n{3,}/g, '\n\n');
  }

  // Switches the editor on or off; the text moves along when the user switches.
  function setRich(on, carry) {
    if (on) {
      editor.innerHTML = htmlField.value ? htmlField.value : textToHtml(textArea.value);
      editor.hidden = false;
      textArea.hidden = true;
    } else {
      if (carry) textArea.value = editorText();
      htmlField.value = '';
      editor.hidden = true;
      textArea.hidden = false;
    }
    rich = on;
    bar.querySelector('.formatting').hidden = !on;
    toggle.textContent = on ? say('plainLabel') : say('richLabel');
    toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // What is posted: the HTML and its plain-text rendering, or the text alone.
  function syncBody() {
    if (rich) {
      htmlField.value = editor.innerHTML;
      textArea.value = editorText();
    } else {
      htmlField.value = '';
    }
  }

  bar.hidden = false;
  toggle.addEventListener('click', () => {
    if (rich) htmlField.value = '';
    setRich(!rich, true);
    (rich ? editor : textArea).focus();
    changed();
  });
  bar.querySelectorAll('button[data-command]').forEach((button) => {
    // Keep the selection in the editor.
    button.addEventListener('mousedown', (event) => event.preventDefault());
    button.addEventListener('click', () => {
      const command = button.dataset.command;
      if (command === 'createLink') {
        const url = (window.prompt(say('linkPrompt'), 'https://') || '').trim();
        if (!/^(https?:\/\/|mailto:)/i.test(url)) return;
        document.execCommand('createLink', false, url);
      } else {
        document.execCommand(command, false, null);
      }
      editor.focus();
      changed();
    });
  });
  setRich(form.dataset.rich === 'true', false);

  // ---- Drafts ------------------------------------------------------------------

  function setStatus(text, failed) {
    status.textContent = text;
    status.classList.toggle('failed', Boolean(failed));
  }

  function changed() {
    dirty = true;
  }

  function save() {
    syncBody();
    if (!checkSize()) return Promise.resolve(false);
    dirty = false;
    const sent = files.slice();
    const data = new FormData(form);
    setStatus(say('saving'));
    saving = fetch(form.dataset.autosave, {
      method: 'POST',
      body: data,
      credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-TOKEN': csrf ? csrf.value : '' },
    }).then((response) => response.json().catch(() => ({})).then((body) => {
      if (!response.ok || !body.draftId) {
        dirty = true;
        setStatus(body.error || say('saveFailed'), true);
        return false;
      }
      draftId.value = body.draftId;
      // The uploaded files are in the draft now: listed with its attachments.
      files = files.filter((file) => !sent.includes(file));
      syncInput();
      renderNew();
      renderKept(body.attachments || []);
      const forwarded = $('forwardAttached');
      if (forwarded && forwarded.value) {
        forwarded.value = '';
        $('original-attached')?.remove();
      }
      setStatus(say('saved').replace('{0}', new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })));
      return true;
    })).catch(() => {
      dirty = true;
      setStatus(say('saveFailed'), true);
      return false;
    }).finally(() => {
      saving = null;
    });
    return saving;
  }

  form.addEventListener('input', (event) => {
    if (event.target !== fileInput) changed();
  });
  setInterval(() => {
    if (dirty && !saving && !submitting) save();
  }, AUTOSAVE_MS);

  form.addEventListener('submit', (event) => {
    if (submitting) return;
    syncBody();
    const discard = event.submitter && event.submitter.id === 'discard';
    if (!discard && !checkSize()) {
      event.preventDefault();
      attachError.focus?.();
      return;
    }
    if (saving) {
      // Wait for the draft being saved: its id and attachments are what this posts.
      event.preventDefault();
      const submitter = event.submitter;
      saving.then(() => form.requestSubmit(submitter));
      return;
    }
    submitting = true;
  });

  // ---- Address suggestions ------------------------------------------------------

  const suggestions = $('correspondents');
  let timer = 0;
  let ticket = 0;

  function suggest(input) {
    const value = input.value;
    const cut = value.lastIndexOf(',');
    const head = cut >= 0 ? value.slice(0, cut + 1) + ' ' : '';
    const typed = value.slice(cut + 1).trim();
    clearTimeout(timer);
    if (typed.length === 0 || typed.includes('<')) {
      suggestions.replaceChildren();
      return;
    }
    timer = setTimeout(() => {
      const mine = ++ticket;
      fetch(form.dataset.contacts + '?q=' + encodeURIComponent(typed), {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      }).then((response) => (response.ok ? response.json() : []))
        .then((people) => {
          if (mine !== ticket) return;
          suggestions.replaceChildren(...people.map((person) => {
            const option = document.createElement('option');
            option.value = head + person.value;
            return option;
          }));
        })
        .catch(() => {});
    }, 150);
  }

  ['to', 'cc', 'bcc'].forEach((id) => {
    const input = $(id);
    if (input) input.addEventListener('input', () => suggest(input));
  });
})();
