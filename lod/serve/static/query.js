// lod query page: sends the query to /sparql with fetch and shows the answer.
// Plain JavaScript, served from the lod package (no CDN, no build step).
(function () {
  "use strict";
  var form = document.getElementById("query-form");
  var box = document.getElementById("query");
  var status = document.getElementById("status");
  var out = document.getElementById("results");
  var picker = document.getElementById("examples");
  var examples = Array.prototype.map.call(document.querySelectorAll("template.example"), function (t) {
    return t.content ? t.content.textContent : t.textContent;
  });

  picker.addEventListener("change", function () {
    if (picker.value !== "") { box.value = examples[Number(picker.value)]; }
  });

  // only http(s) IRIs become links: a result may hold any IRI (javascript:, data:, file:…)
  function web(iri) {
    try {
      var protocol = new URL(iri).protocol;
      return protocol === "http:" || protocol === "https:";
    } catch (ignored) {
      return false;
    }
  }

  function cell(term) {
    if (!term) { return document.createTextNode(""); }
    if (term.type === "uri" && !web(term.value)) {
      var span = document.createElement("span");
      span.className = "iri";
      span.textContent = term.value;
      return span;
    }
    if (term.type === "uri") {
      var a = document.createElement("a");
      var base = out.getAttribute("data-base"), root = out.getAttribute("data-root");
      // dataset IRIs open on this server (the dataset may be built for another public base)
      a.href = base && root && term.value.indexOf(base) === 0 ? root + term.value.slice(base.length) : term.value;
      a.textContent = term.value;
      return a;
    }
    var text = term.type === "bnode" ? "_:" + term.value : term.value;
    if (term["xml:lang"]) { text += " @" + term["xml:lang"]; }
    return document.createTextNode(text);
  }

  function table(data) {
    var t = document.createElement("table");
    var head = t.createTHead().insertRow();
    data.head.vars.forEach(function (v) {
      var th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    });
    var body = t.createTBody();
    data.results.bindings.forEach(function (b) {
      var tr = body.insertRow();
      data.head.vars.forEach(function (v) { tr.insertCell().appendChild(cell(b[v])); });
    });
    return t;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var started = performance.now();
    status.textContent = "Running…";
    out.textContent = "";
    var body = new URLSearchParams({ query: box.value });
    fetch(form.action, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: body
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var truncated = response.headers.get("Lod-Truncated");
      return response.text().then(function (text) {
        var ms = Math.round(performance.now() - started);
        if (!response.ok) {
          var message = text;
          try { message = JSON.parse(text).detail || text; } catch (ignored) { /* plain text error */ }
          status.textContent = "Error " + response.status;
          var p = document.createElement("p");
          p.className = "error";
          p.textContent = message;
          out.appendChild(p);
          return;
        }
        if (type.indexOf("json") >= 0) {
          var data = JSON.parse(text);
          if (typeof data.boolean === "boolean") {
            out.textContent = String(data.boolean);
            status.textContent = "Done in " + ms + " ms";
          } else {
            out.appendChild(table(data));
            status.textContent = data.results.bindings.length + " row(s) in " + ms + " ms" +
              (truncated ? " — truncated at the row limit" : "");
          }
        } else {
          var pre = document.createElement("pre");
          pre.textContent = text;
          out.appendChild(pre);
          status.textContent = "Done in " + ms + " ms";
        }
      });
    }).catch(function (err) {
      status.textContent = "Network error: " + err;
    });
  });
})();
