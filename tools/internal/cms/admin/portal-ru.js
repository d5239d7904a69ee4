// The editing interface's words where Decap's Russian misleads an NGO editor, and no media
// library (no field takes files). Loaded after decap-cms.js, before Decap starts
// (portal-format.js starts it once the format is registered).
(function () {
  "use strict";
  var CMS = window.CMS;

  // merge copies the overrides into Decap's own phrases, key by key.
  function merge(into, from) {
    Object.keys(from).forEach(function (k) {
      if (typeof from[k] === "object" && typeof into[k] === "object") {
        merge(into[k], from[k]);
      } else {
        into[k] = from[k];
      }
    });
    return into;
  }

  CMS.registerLocale("ru", merge(CMS.getLocale("ru") || {}, {
    editor: {
      editorControl: {
        // Decap marks every field it does not require; the hint says when check requires it.
        field: { optional: "не всегда обязательно" },
      },
      editorControlPane: {
        i18n: {
          // Decap says «из другого региона» for "from another locale": here a region is an oblast.
          copyFromLocale: "Заполнить из другого языка",
          copyFromLocaleConfirm: "Заполнить данными на языке %{locale}?\nВсё, что уже написано на этом языке, будет заменено.",
        },
      },
    },
    collection: {
      collectionTop: {
        // Decap's "＋ %{collectionLabel}" shows the full-width plus as an empty box without CJK fonts.
        newButton: "Создать %{collectionLabel}",
      },
    },
  }));

  // No media: the media library is this one, which offers nothing and hides the media tab.
  CMS.registerMediaLibrary({
    name: "none",
    init: function () {
      return Promise.resolve({
        show: function () {},
        hide: function () {},
        enableStandalone: function () { return false; },
      });
    },
  });
})();
