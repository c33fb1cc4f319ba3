/* The plan import review: Enter in a unit search box searches (clicks the row's search
 * button) instead of submitting the whole review form. Moved out of review.html so that the
 * CSP needs no 'unsafe-inline' (docs/decisions/0332). */
(function () {
  "use strict";
  document.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && e.target.classList && e.target.classList.contains("unit-q")) {
      e.preventDefault();
      e.target.parentElement.querySelector(".search-button").click();
    }
  });
})();
