// Draws the widgets saved in a page (see nb_ipywidgets_js in _config.yml).
//
// myst-nb writes the notebook's widget state into the page as
//   <script type="application/vnd.jupyter.widget-state+json">{"state": {id: {model_module,
//     model_name, state: {...}}}, "version_major": 2, ...}</script>
// and every displayed widget as
//   <script type="application/vnd.jupyter.widget-view+json">{"model_id": id, ...}</script>
// where its output was. The course's widgets are anywidgets: their model state carries
// the whole front end as an ES module (`_esm`, maybe `_css`), so drawing one needs no
// widget manager, no require.js and no MathJax: this file imports each distinct module
// once (from a Blob URL, so nothing is fetched), gives it a small model holding the saved
// state, and calls its `render({ model, el })` in a div.widget-subarea placed just before
// the view's <script>, where @jupyter-widgets/html-manager would have drawn it.
// Nothing here waits for MathJax.
//
// The model is anywidget's documented model interface without a kernel: get, set (fires
// "change:<name>" and "change" at once), on/off, save_changes and send (no-ops: nothing
// to save to), and widget_manager.get_model for IPY_MODEL_ references.
//
// A view of any other widget (ipywidgets' own controls, ...) falls back to the HTML
// manager, loaded only then from the vendored copies (_static/vendor/): require.js,
// then html-manager's libembed-amd.js, which draws exactly those views.
(function () {
  "use strict";

  var STATE_TYPE = "application/vnd.jupyter.widget-state+json";
  var VIEW_TYPE = "application/vnd.jupyter.widget-view+json";
  var REF = "IPY_MODEL_";
  var here = document.currentScript && document.currentScript.src;
  var staticRoot = here ? here.slice(0, here.lastIndexOf("/") + 1) : "_static/";

  // performance.mark()s for measuring (tools/bench_browser.py reads none of them).
  function mark(name) {
    try { performance.mark("d2l-widgets:" + name); } catch (err) { /* old browser */ }
  }
  mark("script");

  function readJSON(tag) {
    try {
      return JSON.parse(tag.textContent);
    } catch (err) {
      console.warn("[d2l-widgets] unreadable widget JSON:", err);
      return null;
    }
  }

  function isAnywidget(entry) {
    return !!(entry && entry.model_module === "anywidget" && entry.state &&
              typeof entry.state._esm === "string" && entry.state._esm.trim());
  }

  // -- the model ----------------------------------------------------------------------

  function Model(id, entry, manager) {
    this.model_id = id;
    this.name = entry.model_name;
    this.module = entry.model_module;
    this.widget_manager = manager;
    this._state = Object.assign({}, entry.state);
    this._listeners = {};
  }
  Model.prototype.get = function (name) {
    return this._state[name];
  };
  Model.prototype.set = function (name, value) {
    var changes = {};
    if (name !== null && typeof name === "object") changes = name;
    else changes[name] = value;
    var changed = [];
    for (var key in changes) {
      if (!Object.prototype.hasOwnProperty.call(changes, key)) continue;
      var old = this._state[key];
      this._state[key] = changes[key];
      if (old !== changes[key]) changed.push(key);
    }
    for (var i = 0; i < changed.length; i++) {
      this._fire("change:" + changed[i], this._state[changed[i]]);
    }
    if (changed.length) this._fire("change");
  };
  Model.prototype._fire = function (event, value) {
    var callbacks = (this._listeners[event] || []).slice();
    for (var i = 0; i < callbacks.length; i++) {
      try {
        callbacks[i].call(this, this, value);
      } catch (err) {
        console.warn("[d2l-widgets] a '" + event + "' listener failed:", err);
      }
    }
  };
  Model.prototype.on = function (event, callback) {
    String(event).split(/\s+/).forEach(function (name) {
      if (name) (this._listeners[name] = this._listeners[name] || []).push(callback);
    }, this);
  };
  Model.prototype.off = function (event, callback) {
    var names = event ? String(event).split(/\s+/) : Object.keys(this._listeners);
    names.forEach(function (name) {
      if (!callback) delete this._listeners[name];
      else if (this._listeners[name]) {
        this._listeners[name] = this._listeners[name].filter(function (cb) { return cb !== callback; });
      }
    }, this);
  };
  // No kernel behind a book page: nothing to save to or send to.
  Model.prototype.save_changes = function () {};
  Model.prototype.send = function () {};

  function Manager(models) {
    this._models = models;
  }
  Manager.prototype.get_model = function (id) {
    id = String(id);
    if (id.indexOf(REF) === 0) id = id.slice(REF.length);
    var model = this._models[id];
    return model ? Promise.resolve(model) : Promise.reject(new Error("no widget model " + id));
  };

  // -- modules and styles ---------------------------------------------------------------

  var modules = new Map(); // _esm text -> Promise of the widget definition

  function widgetDefinition(esm) {
    if (!modules.has(esm)) {
      var url = URL.createObjectURL(new Blob([esm], { type: "text/javascript" }));
      mark("import-start");
      modules.set(esm, import(url).then(function (mod) {
        mark("import-done");
        var def = mod["default"] !== undefined ? mod["default"] : mod;
        // anywidget also accepts `export default () => ({ render })` and plain named exports.
        return typeof def === "function" ? def() : def;
      }).then(function (def) {
        if (!def || typeof def.render !== "function") {
          throw new Error("the widget module has no render function");
        }
        return def;
      }));
    }
    return modules.get(esm);
  }

  var styles = new Set();

  function injectStyle(css) {
    if (typeof css !== "string" || !css.trim() || styles.has(css)) return;
    styles.add(css);
    var style = document.createElement("style");
    style.setAttribute("data-d2l-widget-css", "");
    style.textContent = css;
    document.head.appendChild(style);
  }

  var initialised = new Map(); // model -> Promise of its initialize()

  function initialise(def, model) {
    if (!initialised.has(model)) {
      initialised.set(model, Promise.resolve(
        typeof def.initialize === "function" ? def.initialize({ model: model }) : undefined));
    }
    return initialised.get(model);
  }

  function subareaBefore(tag) {
    var prev = tag.previousElementSibling;
    if (prev && prev.tagName === "IMG" && prev.classList.contains("jupyter-widget")) prev.remove();
    var area = document.createElement("div");
    area.className = "widget-subarea";
    tag.parentElement.insertBefore(area, tag);
    return area;
  }

  function showError(area, message) {
    var box = document.createElement("div");
    box.className = "jupyter-widgets-error-widget";
    box.textContent = "This widget could not be drawn: " + message;
    area.appendChild(box);
  }

  function renderAnywidget(tag, model) {
    var area = subareaBefore(tag);
    var el = document.createElement("div");
    el.className = "d2l-anywidget";
    var classes = model.get("_dom_classes");
    if (Array.isArray(classes)) classes.forEach(function (c) { if (c) el.classList.add(c); });
    area.appendChild(el);
    injectStyle(model.get("_css"));
    return widgetDefinition(model.get("_esm")).then(function (def) {
      return initialise(def, model).then(function () {
        return def.render({ model: model, el: el });
      });
    }).catch(function (err) {
      console.warn("[d2l-widgets] widget " + model.model_id + ":", err);
      showError(area, err && err.message ? err.message : String(err));
    });
  }

  // -- the fallback: ipywidgets' HTML manager ------------------------------------------

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(script);
    });
  }

  // ipywidgets typesets labels with MathJax 2's `MathJax.Hub.Queue`; the book runs
  // MathJax 3, which has no Hub. Give the MathJax object one that calls MathJax 3.
  function addMathJaxHub() {
    var mj = window.MathJax;
    if (!mj || typeof mj !== "object" || mj.Hub) return;
    Object.defineProperty(mj, "Hub", {
      enumerable: false,
      configurable: true,
      value: {
        Queue: function (job) {
          var element = Array.isArray(job) ? job[2] : undefined;
          var m = window.MathJax;
          if (element && m && typeof m.typesetPromise === "function") {
            m.typesetPromise([element]).catch(function (error) {
              console.warn("MathJax could not typeset a widget label:", error);
            });
          }
        },
      },
    });
  }

  // Every model a model refers to (IPY_MODEL_<id> anywhere in its state).
  function closure(ids, all) {
    var seen = new Set();
    var todo = ids.slice();
    while (todo.length) {
      var id = todo.pop();
      if (seen.has(id) || !all[id]) continue;
      seen.add(id);
      var text = JSON.stringify(all[id].state || {});
      var re = /IPY_MODEL_([0-9a-zA-Z_-]+)/g;
      var m;
      while ((m = re.exec(text))) todo.push(m[1]);
    }
    return seen;
  }

  function fallback(stateTag, saved, ids) {
    var vendor = staticRoot + "vendor/";
    var manager = vendor + "html-manager/";
    // The HTML manager draws every view whose model is in the state it is given: give it
    // only the models these views need, so the views drawn above are not drawn twice.
    var keep = closure(ids, saved.state);
    var state = {};
    keep.forEach(function (id) { state[id] = saved.state[id]; });
    stateTag.textContent = JSON.stringify(Object.assign({}, saved, { state: state }));
    var needsAnywidget = Array.from(keep).some(function (id) { return state[id].model_module === "anywidget"; });
    addMathJaxHub();
    return loadScript(vendor + "requirejs/require.js").then(function () {
      window.require.config({
        paths: {
          // anywidget's own front end (for an anywidget inside another widget) and
          // html-manager's modules (their public path makes its font files load from there).
          anywidget: vendor + "anywidget/index",
          "@jupyter-widgets/base": manager + "base",
          "@jupyter-widgets/base7": manager + "base7",
          "@jupyter-widgets/controls": manager + "controls",
          "@jupyter-widgets/controls7": manager + "controls7",
          "@jupyter-widgets/html-manager": manager + "html-manager",
          "@jupyter-widgets/html-manager/dist/libembed-amd": manager + "libembed-amd",
        },
      });
      return loadScript(manager + "libembed-amd.js");
    }).then(function () {
      // anywidget 0.11 gives a module 2 s to initialise; not while MathJax typesets.
      var mj = window.MathJax;
      var typeset = needsAnywidget && mj && mj.startup && mj.startup.promise
        ? mj.startup.promise.catch(function () {}) : Promise.resolve();
      return typeset;
    }).then(function () {
      window.require(["@jupyter-widgets/html-manager/dist/libembed-amd"], function (embed) {
        embed.renderWidgets(document.documentElement);
      });
    }).catch(function (err) {
      console.warn("[d2l-widgets] the ipywidgets HTML manager could not start:", err);
    });
  }

  // -- the page ----------------------------------------------------------------------------

  function renderPage() {
    mark("render-page");
    var stateTag = document.querySelector('script[type="' + STATE_TYPE + '"]');
    var saved = stateTag ? readJSON(stateTag) : null;
    if (!saved || !saved.state) return;
    var models = {};
    var manager = new Manager(models);
    var others = [];
    var native = [];
    document.querySelectorAll('script[type="' + VIEW_TYPE + '"]').forEach(function (tag) {
      var view = readJSON(tag);
      var id = view && view.model_id;
      var entry = id && saved.state[id];
      if (!entry || !tag.parentElement) return;
      if (isAnywidget(entry)) native.push([tag, id]);
      else others.push(id);
    });
    // An anywidget shown inside another widget is drawn by the HTML manager there.
    var viaManager = others.length ? closure(others, saved.state) : new Set();
    native.forEach(function (pair) {
      var id = pair[1];
      if (viaManager.has(id)) return;
      if (!models[id]) models[id] = new Model(id, saved.state[id], manager);
      renderAnywidget(pair[0], models[id]);
    });
    if (others.length) fallback(stateTag, saved, others);
  }

  // Loaded with `async` from <head>, after the saved state: the modules are imported
  // while the rest of the page is still being parsed, and the widgets are drawn as soon as
  // the document is parsed ("interactive"), before the deferred scripts (theme, MathJax)
  // run. The imports have usually finished by then, so the widgets appear in the same
  // task.
  function prefetch() {
    var tag = document.querySelector('script[type="' + STATE_TYPE + '"]');
    if (!tag || !tag.nextSibling) return; // not (completely) parsed yet
    var saved;
    try { saved = JSON.parse(tag.textContent); } catch (err) { return; }
    if (!saved || !saved.state) return;
    Object.keys(saved.state).forEach(function (id) {
      if (isAnywidget(saved.state[id])) {
        widgetDefinition(saved.state[id].state._esm).catch(function () {}); // reported in render
      }
    });
  }

  if (document.readyState === "loading") {
    prefetch();
    var onReady = function () {
      if (document.readyState === "loading") return;
      document.removeEventListener("readystatechange", onReady);
      renderPage();
    };
    document.addEventListener("readystatechange", onReady);
  } else {
    renderPage();
  }
})();
