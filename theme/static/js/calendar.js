/* Optional: hide gatherings that ended after the page was built. The page is complete
   without this script; it only removes what is no longer upcoming. */
(function () {
  "use strict";
  var now = Date.now();
  var items = document.querySelectorAll(".calendar-page .gathering-list:not(.gathering-list--past) [data-end]");
  items.forEach(function (item) {
    var end = Date.parse(item.getAttribute("data-end"));
    if (!isNaN(end) && end < now) {
      item.hidden = true;
    }
  });
  document.querySelectorAll(".gathering-month").forEach(function (month) {
    var entries = month.querySelectorAll("[data-end]");
    if (entries.length && Array.prototype.every.call(entries, function (e) { return e.hidden; })) {
      month.hidden = true;
    }
  });
  var visible = document.querySelectorAll(".calendar-page .gathering-list [data-end]:not([hidden])");
  var notice = document.querySelector("[data-when-all-past]");
  if (notice && items.length && !visible.length) {
    notice.hidden = false;
  }
})();
