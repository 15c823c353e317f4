// Runs once when the conversation component is shown (Gradio's js_on_load: `element` is the
// component, `watch` calls back after each re-render). Behaviour only: the HTML comes escaped
// from the server, nothing here inserts markup.

// A [n] in an answer: scroll to that answer's passage n and highlight it.
element.addEventListener('click', (event) => {
  const link = event.target.closest('a.pqa-ref');
  if (!link || !element.contains(link)) return;
  event.preventDefault();
  const card = document.getElementById(link.getAttribute('href').slice(1));
  if (!card) return;
  element.querySelectorAll('.pqa-source.pqa-active').forEach((c) => c.classList.remove('pqa-active'));
  card.classList.add('pqa-active');
  card.scrollIntoView({ block: 'nearest' });
  card.focus({ preventScroll: true });
});

let turns = null;
function sync() {
  const log = element.querySelector('.pqa-log');
  if (!log) return;
  // The page's language follows the latest answer (French answers read as French).
  if (log.dataset.lang) document.documentElement.lang = log.dataset.lang;
  // A new question: bring it into view (not while an answer merely grows).
  const count = Number(log.dataset.turns || 0);
  if (turns !== null && count > turns) {
    const last = log.querySelector('.pqa-turn:last-of-type');
    if (last) last.scrollIntoView({ block: 'start' });
  }
  turns = count;
}
watch('value', sync);
sync();

// Typing in a filter menu replaces its text ("All speakers") instead of appending to it.
if (!window.__pqaSelectOnFocus) {
  window.__pqaSelectOnFocus = true;
  document.addEventListener('focusin', (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.closest('#speaker-filter, #part-filter')) input.select();
  });
}

// Chromium puts scrollable boxes in the Tab order: Gradio's option list took one Tab step and
// vanished with it, leaving focus nowhere. Lists are reached with the arrow keys instead.
if (!window.__pqaOptionLists) {
  window.__pqaOptionLists = true;
  const unfocusable = (root) => root.querySelectorAll?.('ul.option-list:not([tabindex])').forEach((ul) => ul.setAttribute('tabindex', '-1'));
  new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n.nodeType === 1 && (n.matches('ul.option-list') ? n.setAttribute('tabindex', '-1') : unfocusable(n)));
  }).observe(document.body, { childList: true, subtree: true });
  unfocusable(document);
}
