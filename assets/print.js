/* «Печать» buttons (class oko-print) open the browser's print dialog; delegated because Dash
   renders the button after this script runs. Kept out of callbacks: printing needs no server. */
document.addEventListener("click", function (event) {
  var target = event.target;
  if (target && target.closest && target.closest(".oko-print")) {
    window.print();
  }
});
