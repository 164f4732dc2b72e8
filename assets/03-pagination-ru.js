// dbc.Pagination writes screen-reader labels in English ("Previous", "Next", "More" inside
// .visually-hidden spans) and offers no property to change them: they are translated here,
// for every pager on every page, as the renderer draws them.
(function () {
  var words = {First: "Первая", Previous: "Предыдущая", Next: "Следующая", Last: "Последняя", More: "Ещё"};
  function translate(root) {
    var spans = root.querySelectorAll ? root.querySelectorAll(".pagination .visually-hidden") : [];
    for (var i = 0; i < spans.length; i++) {
      var russian = words[spans[i].textContent.trim()];
      if (russian) spans[i].textContent = russian;
    }
  }
  new MutationObserver(function (changes) {
    for (var i = 0; i < changes.length; i++) {
      var target = changes[i].target;
      translate(target.nodeType === 1 ? target : target.parentNode || document);
    }
  }).observe(document.documentElement, {childList: true, subtree: true, characterData: true});
})();
