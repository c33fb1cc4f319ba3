/* The header's search (base.html): opening the magnifier puts the cursor in the box;
   Escape closes it and gives the focus back to the magnifier. */
(function () {
  "use strict";
  document.querySelectorAll("details.searchpop").forEach(function (pop) {
    var input = pop.querySelector("input[type=search]");
    pop.addEventListener("toggle", function () {
      if (pop.open && input) { input.focus(); }
    });
    pop.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && pop.open) {
        pop.open = false;
        pop.querySelector("summary").focus();
      }
    });
  });
})();
