// The 现场检查笔录 on a phone: every change is kept in localStorage, so a dropped connection
// loses nothing; a record submitted while offline waits there and is sent when the browser is
// back online. The server compares the version the draft was made on with the record's and
// refuses a stale draft (409); its message is shown and the draft is kept for the officer to
// compare. Messages come from the form's data attributes, in the page's language.
(function () {
  "use strict";

  function values(form) {
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken") {
        data[name] = value;
      }
    });
    return data;
  }

  function fill(form, data) {
    Object.keys(data).forEach(function (name) {
      form.querySelectorAll('[name="' + name + '"]').forEach(function (element) {
        if (element.type === "radio" || element.type === "checkbox") {
          element.checked = element.value === data[name];
        } else {
          element.value = data[name];
        }
      });
    });
  }

  function show(form, text, kind) {
    var status = form.querySelector("[data-testid=draft-status]");
    if (status) {
      status.textContent = text;
      status.className = "field-hint" + (kind ? " " + kind : "");
    }
  }

  function keep(form, key, pending) {
    localStorage.setItem(key, JSON.stringify({ values: values(form), pending: pending }));
  }

  function send(form, key) {
    var stored = JSON.parse(localStorage.getItem(key) || "null");
    if (!stored) {
      return;
    }
    var body = new FormData();
    Object.keys(stored.values).forEach(function (name) {
      body.append(name, stored.values[name]);
    });
    body.append("csrfmiddlewaretoken", form.querySelector("[name=csrfmiddlewaretoken]").value);
    fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (data) {
          return { ok: response.ok, data: data };
        });
      })
      .then(function (answer) {
        if (answer.ok) {
          localStorage.removeItem(key);
          show(form, form.dataset.msgSent, "");
          window.location.reload();
        } else {
          localStorage.setItem(key, JSON.stringify({ values: stored.values, pending: false }));
          show(form, answer.data.error, "refused");
        }
      })
      .catch(function () {
        show(form, form.dataset.msgOffline, "offline");
      });
  }

  function locate(form) {
    var source = form.querySelector("[name=place_source]");
    if (!navigator.geolocation || !source || source.value === "geolocation") {
      return;
    }
    navigator.geolocation.getCurrentPosition(
      function (position) {
        form.querySelector("[name=latitude]").value = position.coords.latitude.toFixed(6);
        form.querySelector("[name=longitude]").value = position.coords.longitude.toFixed(6);
        source.value = "geolocation";
        var hint = document.querySelector("[data-testid=place-source]");
        if (hint) {
          hint.textContent =
            form.dataset.msgLocated +
            " " +
            position.coords.latitude.toFixed(6) +
            ", " +
            position.coords.longitude.toFixed(6);
        }
      },
      function () {
        // No position given: the register address already in the form stands.
      },
      { timeout: 5000, maximumAge: 60000 }
    );
  }

  document.querySelectorAll("form[data-field-draft]").forEach(function (form) {
    var key = form.dataset.fieldDraft;
    var stored = JSON.parse(localStorage.getItem(key) || "null");
    if (stored) {
      fill(form, stored.values);
      show(form, form.dataset.msgRestored, "offline");
      if (stored.pending && navigator.onLine) {
        send(form, key);
      }
    }
    locate(form);
    form.addEventListener("input", function () {
      keep(form, key, false);
    });
    form.addEventListener("change", function () {
      keep(form, key, false);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      keep(form, key, true);
      if (navigator.onLine) {
        send(form, key);
      } else {
        show(form, form.dataset.msgOffline, "offline");
      }
    });
    window.addEventListener("online", function () {
      var current = JSON.parse(localStorage.getItem(key) || "null");
      if (current && current.pending) {
        send(form, key);
      }
    });
  });
})();
