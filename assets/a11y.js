/*
 * ARIA repairs for third-party components whose markup axe-core (WCAG 2.1 AA) rejects and
 * that no Python prop can change; tests/browser/test_a11y.py audits every page with them.
 *
 * - dash-bootstrap-components 2.0 tabs: every tab gets the id "…-tab-null" and aria-controls
 *   a panel id that does not exist, and the active tab is left out of the keyboard order
 *   (tabindex -1). Each tab gets its own id, the active one points at the shown panel and is
 *   reachable with Tab; the others drop the dangling aria-controls.
 * - Dash 4 date pickers: the clickable wrapper carries aria-expanded without a role; it is a
 *   group (its input is the control), which ARIA allows to be expanded. Their «clear» cross
 *   is an <a> without href named in English: it becomes a Russian-named button reachable
 *   with Tab that Enter and Space press.
 * - Dash 4 uploads: the (transparent, keyboard-focusable) file input has no name; it takes the
 *   drop zone's visible text (what to drop or click).
 */
(function () {
  'use strict';

  let serial = 0;

  function repairTabs(root) {
    for (const list of root.querySelectorAll('[role="tablist"]')) {
      const tabs = list.querySelectorAll('[role="tab"]');
      const content = list.parentElement && list.parentElement.querySelector('.tab-content');
      const pane = content && content.querySelector(':scope > .tab-pane.active');
      if (pane && !pane.id) {
        serial += 1;
        pane.id = 'oko-tabpane-' + serial;
      }
      tabs.forEach(function (tab, index) {
        if (!tab.dataset.okoTab) {
          serial += 1;
          tab.dataset.okoTab = String(serial);
        }
        const id = 'oko-tab-' + tab.dataset.okoTab + '-' + index;
        if (tab.id !== id) tab.id = id;
        const active = tab.classList.contains('active');
        if (active && pane) {
          if (tab.getAttribute('aria-controls') !== pane.id) {
            tab.setAttribute('aria-controls', pane.id);
          }
          if (pane.getAttribute('aria-labelledby') !== id) pane.setAttribute('aria-labelledby', id);
        } else if (tab.hasAttribute('aria-controls')) {
          tab.removeAttribute('aria-controls');
        }
        const order = active ? '0' : '-1';
        if (tab.getAttribute('tabindex') !== order) tab.setAttribute('tabindex', order);
      });
    }
  }

  function repairDatePickers(root) {
    const wrappers = root.querySelectorAll('.dash-datepicker-input-wrapper[aria-expanded]');
    for (const wrapper of wrappers) {
      if (!wrapper.hasAttribute('role')) wrapper.setAttribute('role', 'group');
    }
  }

  const CLEAR = 'Очистить дату';

  function repairDateClears(root) {
    for (const cross of root.querySelectorAll('.dash-datepicker-clear')) {
      if (cross.getAttribute('role') !== 'button') cross.setAttribute('role', 'button');
      if (cross.getAttribute('tabindex') !== '0') cross.setAttribute('tabindex', '0');
      if (cross.getAttribute('aria-label') !== CLEAR) cross.setAttribute('aria-label', CLEAR);
    }
  }

  document.addEventListener('keydown', function (event) {
    const cross = event.target.closest && event.target.closest('.dash-datepicker-clear');
    if (cross && (event.key === 'Enter' || event.key === ' ')) {
      event.preventDefault();
      cross.click();
    }
  });

  function repairFileInputs(root) {
    for (const input of root.querySelectorAll('input[type="file"]:not([aria-label])')) {
      if (input.labels && input.labels.length) continue;
      const text = input.parentElement ? input.parentElement.textContent.trim() : '';
      if (text) input.setAttribute('aria-label', text);
    }
  }

  function repair() {
    repairTabs(document);
    repairDatePickers(document);
    repairDateClears(document);
    repairFileInputs(document);
  }

  let queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      repair();
    });
  }

  function start() {
    repair();
    new MutationObserver(schedule).observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['class', 'aria-controls', 'tabindex', 'aria-expanded', 'aria-label'],
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
