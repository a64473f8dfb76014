// Loaded between require.js and the ipywidgets HTML manager (embed-amd.js) on pages
// that carry saved widget state (see nb_ipywidgets_js in _config.yml).
(function () {
  var here = document.currentScript.src;
  var vendor = here.slice(0, here.lastIndexOf("/") + 1) + "vendor/";
  var manager = vendor + "html-manager/";

  // 1. anywidget's front end is served by the book itself: the HTML manager asks
  //    require.js for a widget module before it would fall back to a CDN.
  // 2. The HTML manager's AMD modules compute their webpack public path from their
  //    require.js URL; pointing these names at the vendored folder makes the Font
  //    Awesome files it references load from there instead of next to the page.
  require.config({
    paths: {
      anywidget: vendor + "anywidget/index",
      "@jupyter-widgets/base": manager + "base",
      "@jupyter-widgets/base7": manager + "base7",
      "@jupyter-widgets/controls": manager + "controls",
      "@jupyter-widgets/controls7": manager + "controls7",
      "@jupyter-widgets/html-manager": manager + "html-manager",
      "@jupyter-widgets/html-manager/dist/libembed-amd": manager + "libembed-amd",
    },
  });

  // 3. ipywidgets typesets widget labels with MathJax 2's `MathJax.Hub.Queue`; the book
  //    uses MathJax 3, which has no Hub ("Cannot read properties of undefined (reading
  //    'Queue')"). Give whatever object window.MathJax holds (Sphinx's configuration
  //    first, then MathJax 3 itself once it starts) a Hub.Queue that calls MathJax 3.
  function withHub(mathjax) {
    if (mathjax && typeof mathjax === "object" && !mathjax.Hub) {
      Object.defineProperty(mathjax, "Hub", {
        enumerable: false,
        configurable: true,
        value: {
          Queue: function (job) {
            var element = Array.isArray(job) ? job[2] : undefined;
            var mj = window.MathJax;
            if (element && mj && typeof mj.typesetPromise === "function") {
              mj.typesetPromise([element]).catch(function (error) {
                console.warn("MathJax could not typeset a widget label:", error);
              });
            }
            // Before MathJax 3 has started, its first pass typesets the whole page.
          },
        },
      });
    }
    return mathjax;
  }
  // 4. Draw the widgets once the page has loaded and MathJax has typeset it (the job
  //    html-manager's embed-amd.js does on "load"; the book loads libembed-amd.js, the
  //    same code without that trigger). anywidget 0.11 gives a widget's module 2 s from
  //    the model's creation to initialise ("[anywidget] Failed to initialize model.");
  //    MathJax typesetting a page of formulas at the same time on a busy or slow machine
  //    can take that long, so the two no longer run at once.
  window.addEventListener("load", function () {
    var mj = window.MathJax;
    var typeset = mj && mj.startup && mj.startup.promise ? mj.startup.promise : Promise.resolve();
    var atMost = new Promise(function (resolve) { setTimeout(resolve, 10000); });
    Promise.race([typeset.catch(function () {}), atMost]).then(function () {
      require(["@jupyter-widgets/html-manager/dist/libembed-amd"], function (embed) {
        embed.renderWidgets();
      });
    });
  });

  var current = withHub(window.MathJax);
  Object.defineProperty(window, "MathJax", {
    configurable: true,
    enumerable: true,
    get: function () { return current; },
    set: function (value) { current = withHub(value); },
  });
})();
