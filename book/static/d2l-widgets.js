// Draws the widgets saved in a page (see nb_ipywidgets_js in _config.yml).
//
// myst-nb writes the notebook's widget state into the page as
//   <script type="application/vnd.jupyter.widget-state+json">{"state": {id: {model_module,
//     model_name, state: {...}}}, "version_major": 2, ...}</script>
// and every displayed widget as
//   <script type="application/vnd.jupyter.widget-view+json">{"model_id": id, ...}</script>
// where its output was. The course's widgets are anywidgets: their model state carries
// the whole front end as an ES module (`_esm`, maybe `_css`), so drawing one needs no
// widget manager, no require.js and no MathJax: this file takes each distinct module
// once (defined in the page's head, where book/widget_modules.py wrote it as a classic
// script, so that a view is drawn as soon as the parser reaches it; else imported: the
// book's module file or the module text from a Blob URL), gives it a small model holding
// the saved state, and calls its `render({ model, el })` in a div.widget-subarea placed
// just before the view's <script>, where @jupyter-widgets/html-manager would have drawn
// it; one render per task.
// Nothing here waits for MathJax.
//
// The model is anywidget's documented model interface without a kernel: get, set (fires
// "change:<name>" and "change" at once), on/off, save_changes and send (no-ops: nothing
// to save to), and widget_manager.get_model for IPY_MODEL_ references.
//
// A large buffer may be a file beside the page instead (book/widget_data.py: {path, url,
// bytes}): it is fetched when its view comes near the screen or the page has loaded,
// whichever is first, and the view is drawn once the bytes are there, so a picture far
// below the first screen does not hold up the text above it.
//
// The book's chapters show only anywidgets; a view of any other widget (ipywidgets' own
// controls, ...) gets a message where it would be, since the book ships no widget manager.
//
// window.d2lWidgets = {Model, draw} is the same model and drawing for a page that has
// no saved state: the widget test page (tests/widget_page/) and `make bench`.
(function () {
  "use strict";

  var STATE_TYPE = "application/vnd.jupyter.widget-state+json";
  var VIEW_TYPE = "application/vnd.jupyter.widget-view+json";
  var REF = "IPY_MODEL_";

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

  // Binary traits (an image view's pixels) are saved beside the JSON state, as the
  // ipywidgets widget-state schema has them and nbclient's store_widget_state writes
  // them: entry.buffers = [{path: [...], encoding: "base64" or "hex", data: "..."}].
  // Each goes back to its path as a DataView, the form a kernel's front end gives.
  function withBuffers(entry) {
    var state = Object.assign({}, entry.state);
    (Array.isArray(entry.buffers) ? entry.buffers : []).forEach(function (buffer) {
      var path = buffer && buffer.path;
      var bytes = Array.isArray(path) && path.length ? decodeBuffer(buffer) : null;
      if (!bytes) {
        console.warn("[d2l-widgets] unreadable widget buffer at", path);
        return;
      }
      var target = state;
      for (var i = 0; i < path.length - 1; i++) {
        if (target[path[i]] === null || typeof target[path[i]] !== "object") target[path[i]] = {};
        target = target[path[i]];
      }
      target[path[path.length - 1]] = new DataView(bytes.buffer);
    });
    return state;
  }

  function decodeBuffer(buffer) {
    if (buffer.fetched instanceof Uint8Array) return buffer.fetched;
    var data = buffer.data;
    if (typeof data !== "string") return null;
    var bytes, n;
    if (buffer.encoding === "base64") {
      var raw;
      try { raw = atob(data); } catch (err) { return null; }
      bytes = new Uint8Array(raw.length);
      for (n = 0; n < raw.length; n++) bytes[n] = raw.charCodeAt(n);
      return bytes;
    }
    if (buffer.encoding === "hex" && /^([0-9a-fA-F]{2})*$/.test(data)) {
      bytes = new Uint8Array(data.length / 2);
      for (n = 0; n < bytes.length; n++) bytes[n] = parseInt(data.substr(2 * n, 2), 16);
      return bytes;
    }
    return null;
  }

  function Model(id, entry, manager) {
    this.model_id = id;
    this.name = entry.model_name;
    this.module = entry.model_module;
    this.widget_manager = manager;
    this._state = withBuffers(entry);
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

  // `pending`: id -> {promise of the model, start()} for models whose buffers are files.
  function Manager(models, pending) {
    this._models = models;
    this._pending = pending || {};
  }
  Manager.prototype.get_model = function (id) {
    id = String(id);
    if (id.indexOf(REF) === 0) id = id.slice(REF.length);
    var model = this._models[id];
    if (model) return Promise.resolve(model);
    if (this._pending[id]) {
      this._pending[id].start();
      return this._pending[id].promise;
    }
    return Promise.reject(new Error("no widget model " + id));
  };

  // -- buffers kept in files -------------------------------------------------------------

  function isRemote(buffer) {
    return !!(buffer && typeof buffer.url === "string" && buffer.url);
  }

  function hasRemoteBuffers(entry) {
    return Array.isArray(entry.buffers) && entry.buffers.some(isRemote);
  }

  var files = new Map(); // absolute URL -> Promise of its bytes (an ArrayBuffer)

  function fetchFile(url) {
    if (!files.has(url)) {
      files.set(url, fetch(url).then(function (response) {
        if (!response.ok) throw new Error("could not load " + url + ": HTTP " + response.status);
        return response.arrayBuffer();
      }));
    }
    return files.get(url);
  }

  // `entry` with each file buffer fetched: {path, fetched: Uint8Array} (a copy of its own:
  // two views of the same picture do not share bytes).
  function fetchBuffers(entry) {
    return Promise.all(entry.buffers.map(function (buffer) {
      if (!isRemote(buffer)) return buffer;
      return fetchFile(new URL(buffer.url, document.baseURI).href).then(function (data) {
        if (typeof buffer.bytes === "number" && data.byteLength !== buffer.bytes) {
          throw new Error(buffer.url + " holds " + data.byteLength + " bytes, not " + buffer.bytes);
        }
        return { path: buffer.path, fetched: new Uint8Array(data.slice(0)) };
      });
    })).then(function (buffers) {
      return Object.assign({}, entry, { buffers: buffers });
    });
  }

  // The model of `entry` once its files have been fetched; nothing is fetched before
  // start() is called.
  function pendingModel(id, entry, manager, models) {
    var begin;
    var started = new Promise(function (resolve) { begin = resolve; });
    var promise = started.then(function () {
      return fetchBuffers(entry);
    }).then(function (whole) {
      models[id] = new Model(id, whole, manager);
      return models[id];
    });
    return { promise: promise, start: function () { begin(); } };
  }

  // Margin around the screen within which a view's files are fetched.
  var NEAR = "1200px 0px";

  // Call `start` once: when `el` comes within NEAR of the screen, or once the page has
  // loaded (so a reader who does not scroll has the whole page too, and the bytes count
  // in its weight), whichever is first.
  function whenNeeded(el, start) {
    var done = false;
    var observer = null;
    var go = function () {
      if (done) return;
      done = true;
      if (observer) observer.disconnect();
      window.removeEventListener("load", onLoad);
      start();
    };
    var onLoad = function () { setTimeout(go, 0); };
    if (typeof IntersectionObserver === "function") {
      observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (e) { return e.isIntersecting; })) go();
      }, { rootMargin: NEAR });
      observer.observe(el);
    }
    if (document.readyState === "complete") onLoad();
    else window.addEventListener("load", onLoad);
  }

  // -- modules and styles ---------------------------------------------------------------

  var modules = new Map(); // _esm text -> Promise of the widget definition

  // book/widget_modules.py puts a module's source in a file of the book and leaves in the
  // state a loader that imports that file: the file is imported here directly (one module
  // load, not a Blob's and then the file's); any other module text from a Blob URL.
  var LOADER = /^const widget = await import\(new URL\(("(?:[^"\\\n]|\\.)*"), document\.baseURI\)\.href\);\n/;

  // The URL of the book's module file a loader imports, or null for other module text.
  function loaderURL(esm) {
    var loader = LOADER.exec(esm);
    if (!loader) return null;
    try {
      return new URL(JSON.parse(loader[1]), document.baseURI).href;
    } catch (err) {
      return null; // not a URL after all: import the text itself
    }
  }

  // A module the page's head defined with a classic script (book/widget_modules.py: its
  // default export, in window.d2lWidgetModules under the name of the file the loader
  // imports) is taken from there, at once; any other is imported.
  function loadModule(esm) {
    var url = loaderURL(esm);
    var name = url ? url.slice(url.lastIndexOf("/") + 1) : null;
    var defined = window.d2lWidgetModules;
    if (name && defined && Object.prototype.hasOwnProperty.call(defined, name)) {
      return Promise.resolve({ "default": defined[name] });
    }
    return import(url || URL.createObjectURL(new Blob([esm], { type: "text/javascript" })));
  }

  function widgetDefinition(esm) {
    if (!modules.has(esm)) {
      modules.set(esm, loadModule(esm).then(function (mod) {
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

  // Renders one after the other, each in a task of its own: when a module arrives after
  // the parser has passed several views, drawing them all in one task would be one long
  // task (the page cannot answer the reader meanwhile). The first waits for no task.
  var renders = [];
  var rendering = false;

  function inATaskOfItsOwn(job) {
    return new Promise(function (resolve, reject) {
      renders.push(function () {
        try { resolve(job()); } catch (err) { reject(err); }
      });
      if (!rendering) {
        rendering = true;
        nextRender();
      }
    });
  }

  function nextRender() {
    var job = renders.shift();
    if (!job) {
      rendering = false;
      return;
    }
    job();
    setTimeout(nextRender, 0);
  }

  // Draw the anywidget of `model` in a new div in `area`, with its styles (`_css`) in the
  // page's head. Resolves to what render() returned (the view's cleanup, if any).
  function draw(area, model) {
    var el = document.createElement("div");
    el.className = "d2l-anywidget";
    var classes = model.get("_dom_classes");
    if (Array.isArray(classes)) classes.forEach(function (c) { if (c) el.classList.add(c); });
    area.appendChild(el);
    injectStyle(model.get("_css"));
    return widgetDefinition(model.get("_esm")).then(function (def) {
      return initialise(def, model).then(function () {
        return inATaskOfItsOwn(function () { return def.render({ model: model, el: el }); });
      });
    });
  }

  function renderAnywidget(tag, model) {
    return renderInto(subareaBefore(tag), model, model.model_id);
  }

  // `model` is a Model or the promise of one.
  function renderInto(area, model, id) {
    return Promise.resolve(model).then(function (m) {
      return draw(area, m);
    }).catch(function (err) {
      console.warn("[d2l-widgets] widget " + id + ":", err);
      showError(area, err && err.message ? err.message : String(err));
    });
  }

  // -- the page ----------------------------------------------------------------------------

  // The saved state of the page and the models made from it so far (one per widget id,
  // shared by every view of that widget), or null while the state cannot be read.
  function readPage(quiet) {
    var tag = document.querySelector('script[type="' + STATE_TYPE + '"]');
    if (!tag) return null;
    var saved = quiet ? parseQuietly(tag) : readJSON(tag);
    if (!saved || !saved.state) return null;
    var models = {};
    var pending = {};
    return { saved: saved, models: models, pending: pending, manager: new Manager(models, pending) };
  }

  function parseQuietly(tag) {
    try { return JSON.parse(tag.textContent); } catch (err) { return null; }
  }

  var handled = new WeakSet(); // view tags drawn (or reported) already: each exactly once

  // Draw the widget of one view tag. False if the tag cannot be read yet (`quiet`: while
  // the page is parsed, its text may not have arrived; a JSON object is read only whole).
  function drawView(tag, page, quiet) {
    if (handled.has(tag) || !tag.parentElement) return true;
    var view = quiet ? parseQuietly(tag) : readJSON(tag);
    if (!view) return false;
    handled.add(tag);
    var id = view.model_id;
    var entry = id && page.saved.state[id];
    if (!entry) return true;
    if (!isAnywidget(entry)) {
      showError(subareaBefore(tag), "the book draws anywidgets only, not " +
        entry.model_module + "'s " + entry.model_name + "; run the notebook to see it");
      return true;
    }
    if (!page.models[id] && hasRemoteBuffers(entry)) {
      if (!page.pending[id]) page.pending[id] = pendingModel(id, entry, page.manager, page.models);
      var area = subareaBefore(tag);
      whenNeeded(area, page.pending[id].start);
      renderInto(area, page.pending[id].promise, id);
      return true;
    }
    if (!page.models[id]) page.models[id] = new Model(id, entry, page.manager);
    renderAnywidget(tag, page.models[id]);
    return true;
  }

  function viewTags() {
    return document.querySelectorAll('script[type="' + VIEW_TYPE + '"]');
  }

  function renderPage(page) {
    page = page || readPage(false);
    if (!page) return;
    viewTags().forEach(function (tag) { drawView(tag, page, false); });
  }

  // While the page is parsed: as soon as the saved state has been parsed, import every
  // anywidget module in it, and draw each view as soon as the parser has added its tag,
  // instead of after the whole page (the parser reaches the first view long before the
  // page is parsed and the deferred scripts have run). Returns a function that stops
  // watching and returns the page (null if its state could not be read yet).
  function drawWhileParsing() {
    var page = null;
    var stateTag = null;
    var pending = [];
    // The page's <script> elements, live and in document order: the parser adds each at
    // the end, so the ones after `scanned` are new. Looking at them instead of at every
    // node in the observer's records saves the parser about 20 ms of script on a chapter
    // page (a node read from a record is a JavaScript object made for it, and the math
    // alone is thousands of nodes).
    var scripts = document.getElementsByTagName("script");
    var scanned = 0;
    var scan = function () {
      for (; scanned < scripts.length; scanned++) {
        var node = scripts[scanned];
        if (node.type === VIEW_TYPE) pending.push(node);
        else if (node.type === STATE_TYPE && !stateTag) stateTag = node;
      }
    };
    var update = function () {
      scan();
      if (!page && stateTag) {
        page = readPage(true);
        if (page) {
          Object.keys(page.saved.state).forEach(function (id) {
            // A widget whose data is a file is drawn later: its module is imported then.
            if (isAnywidget(page.saved.state[id]) && !hasRemoteBuffers(page.saved.state[id])) {
              widgetDefinition(page.saved.state[id].state._esm).catch(function () {}); // reported in render
            }
          });
        }
      }
      if (page && pending.length) {
        pending = pending.filter(function (tag) { return !drawView(tag, page, true); });
      }
    };
    // Also when a tag's text arrives after the tag (a record whose target is the tag).
    var observer = new MutationObserver(update);
    observer.observe(document, { childList: true, subtree: true });
    update();
    return function stop() {
      observer.disconnect();
      return page;
    };
  }

  window.d2lWidgets = { Model: Model, draw: draw };

  // The book writes this file into the <head> of each page, before the stylesheets and
  // the saved state (book/d2l_book.py), so it runs while the page is parsed: the views are
  // drawn as the parser reaches them (an async script ran only after the whole page had
  // been parsed and the deferred scripts had run). When the document is parsed
  // ("interactive") every view not drawn yet is drawn, or reported, from the whole page.
  if (document.readyState === "loading") {
    var stop = drawWhileParsing();
    var onReady = function () {
      if (document.readyState === "loading") return;
      document.removeEventListener("readystatechange", onReady);
      renderPage(stop());
    };
    document.addEventListener("readystatechange", onReady);
  } else {
    renderPage(null);
  }
})();
