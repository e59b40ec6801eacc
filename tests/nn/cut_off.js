// What the theater page must never do, as a list of problems (empty: none): scroll sideways, put an element
// outside the window, cut it at the side or the bottom, spill it out of its card, put a picture's text outside the
// picture, or overlap two cards. tests/nn/test_theater_classroom.py evaluates it in Chromium.
(() => {
  const problems = [], width = document.documentElement.clientWidth;
  const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.classList.length ? '.' + [...e.classList].join('.') : '');
  const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
  const scrolls = e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY);
  if (document.documentElement.scrollWidth > width + 1) problems.push(['the page scrolls sideways', document.documentElement.scrollWidth, width]);
  for (const e of document.querySelectorAll('body *')) {
    if (e.ownerSVGElement || e.closest('#explore-overlay, #code-overlay, script, style, title, option') || !shown(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.left < -1 || r.right > width + 1) problems.push(['outside the window', name(e), r.left, r.right]);
    const style = getComputedStyle(e), field = ['INPUT', 'SELECT', 'TEXTAREA', 'svg'].includes(e.tagName);
    if (!field && style.overflowX !== 'visible' && e.scrollWidth > e.clientWidth + 1) problems.push(['cut at the side', name(e), e.scrollWidth, e.clientWidth]);
    if (!field && ['hidden', 'clip'].includes(style.overflowY) && e.scrollHeight > e.clientHeight + 1) problems.push(['cut at the bottom', name(e), e.scrollHeight, e.clientHeight]);
    const card = e.parentElement && e.parentElement.closest('.card');  // spilling out of its card
    let inner = e.parentElement, scrolled = false;
    while (inner && inner !== card) { scrolled = scrolled || scrolls(inner); inner = inner.parentElement; }
    if (card && !scrolled) {
      const c = card.getBoundingClientRect();
      if (r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1) problems.push(['out of its card', name(e), name(card)]);
    }
  }
  for (const t of document.querySelectorAll('#diagram text, #loss-curve text, #accuracy-curve text, .axes text, #fit text')) {
    if (!shown(t) || !t.textContent.trim()) continue;
    const box = t.getBoundingClientRect(), owner = (t.closest('.axes') ? t.closest('.card') : t.ownerSVGElement).getBoundingClientRect();
    if (box.left < owner.left - 1 || box.right > owner.right + 1 || box.top < owner.top - 1 || box.bottom > owner.bottom + 1) problems.push(['text outside its picture', t.textContent]);
  }
  const cards = [...document.querySelectorAll('header, #transport, #controls, #network-card, #plane-card, #fit-card, #curves-card, #inspector')].filter(shown);
  cards.forEach((a, i) => cards.slice(i + 1).forEach(b => {
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 1 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 1) problems.push(['overlapping', name(a), name(b)]);
  }));
  return problems;
})()
