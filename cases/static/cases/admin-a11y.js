/* Gives the admin's autocomplete boxes (select2) an accessible name.
 *
 * select2 names its combobox only by the text of the current choice, so an empty box has no
 * name at all and a filled one reads "Serikzhan Bilash" without saying "Person" (axe:
 * aria-input-field-name). Each box is named by its field's label, then its current choice.
 */
(function () {
  "use strict";

  function labelId(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      if (!label.id) { label.id = select.id + "-label"; }
      return label.id;
    }
    // Tabular inlines have no <label>, only the aria-label the server gave the field.
    var text = select.getAttribute("aria-label");
    if (!text) { return null; }
    var id = select.id + "-name";
    if (!document.getElementById(id)) {
      var span = document.createElement("span");
      span.id = id;
      span.hidden = true;
      span.textContent = text;
      select.parentNode.insertBefore(span, select);
    }
    return id;
  }

  function nameComboboxes() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      if (!select.id || select.name.indexOf("__prefix__") !== -1) { return; }
      var container = select.nextElementSibling;
      var combobox = container && container.querySelector('[role="combobox"]');
      var name = labelId(select);
      if (!combobox || !name) { return; }
      var shown = combobox.querySelector(".select2-selection__rendered");
      combobox.setAttribute("aria-labelledby", shown && shown.id ? name + " " + shown.id : name);
      // The text inside is select2's read-only "textbox" showing the choice: it is named too.
      if (shown) { shown.setAttribute("aria-labelledby", name); }
    });
  }

  // After Django's autocomplete.js has built the boxes: its jQuery ready handler was registered
  // first (this script is deferred), so ours runs after it; rows added later are named as they come.
  if (window.django && window.django.jQuery) {
    window.django.jQuery(function () { window.setTimeout(nameComboboxes, 0); });
  }
  window.addEventListener("load", nameComboboxes);
  document.addEventListener("formset:added", function () { window.setTimeout(nameComboboxes, 0); });
})();
