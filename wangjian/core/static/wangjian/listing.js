// Select-all for lists with bulk actions (a static file: the Content-Security-Policy refuses
// inline scripts). <input data-select-all="FORM"> ticks every checkbox of that form on the page;
// the row boxes carry form="FORM" because the bulk form sits outside the table.
document.addEventListener("change", function (event) {
  var target = event.target;
  if (!(target instanceof HTMLInputElement) || !target.hasAttribute("data-select-all")) {
    return;
  }
  var form = target.getAttribute("data-select-all");
  var boxes = document.querySelectorAll('input[type=checkbox][form="' + form + '"]');
  boxes.forEach(function (box) {
    box.checked = target.checked;
  });
});
