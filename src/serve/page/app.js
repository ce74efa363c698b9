// The page of `dfsynth serve`: builds the form from /api/form, describes and previews the
// dataset on every change (the server validates; its errors are SQL's own texts, shown next
// to the field they name), and starts downloads, listing their progress.
"use strict";
const $ = (id) => document.getElementById(id);
let choices = null;
let generation = 0;
let previewAbort = null;
let previewUrl = null;
let timer = null;
// Options with a fixed set of values get a list (blank: the default).
const LISTS = {
  geometry: ["", "point", "box", "polygon"],
  format: ["", "wkb", "wkt", "native", "xy"],
};

function fill(select, values) {
  select.replaceChildren(...values.map((v) => new Option(v, v)));
}

async function init() {
  choices = await (await fetch("/api/form")).json();
  fill($("distribution"), choices.distributions);
  fill($("output"), choices.formats);
  const box = $("spider-options");
  for (const { key, applies } of choices.options) {
    const label = document.createElement("label");
    label.dataset.applies = applies ?? "";
    label.append(key + " ");
    const input = document.createElement(LISTS[key] ? "select" : "input");
    input.id = key;
    input.name = key;
    if (LISTS[key]) {
      fill(input, LISTS[key]);
      input.options[0].textContent = "(default)";
    } else {
      input.placeholder = "default";
    }
    label.append(input);
    const err = document.createElement("div");
    err.className = "err";
    err.id = "err-" + key;
    err.dataset.applies = applies ?? "";
    box.append(label, err);
  }
  if (!choices.allow_sql) {
    $("kind").querySelector('option[value="sql"]').remove();
  }
  fill($("name"), choices.tables);
  $("form").addEventListener("input", schedule);
  $("form").addEventListener("change", schedule);
  $("download").addEventListener("click", download);
  showKind();
  update();
}

function showKind() {
  const kind = $("kind").value;
  for (const f of document.querySelectorAll("fieldset[class]")) {
    f.classList.toggle("hidden", !f.classList.contains("kind-" + kind));
  }
  if (kind === "tpch" || kind === "tpcds") {
    const tables = choices[kind];
    if ($("table").dataset.kind !== kind) {
      fill($("table"), tables);
      $("table").dataset.kind = kind;
    }
  }
  const d = $("distribution").value;
  for (const el of document.querySelectorAll("#spider-options [data-applies]")) {
    const applies = el.dataset.applies;
    el.classList.toggle("hidden", applies !== "" && applies !== d);
  }
}

function params() {
  const p = new URLSearchParams();
  const kind = $("kind").value;
  p.set("kind", kind);
  const add = (id) => {
    const v = $(id).value.trim();
    if (v !== "") p.set(id, v);
  };
  if (kind === "spider") {
    ["distribution", "cardinality", "seed"].forEach(add);
    for (const { key, applies } of choices.options) {
      if (applies === null || applies === $("distribution").value) add(key);
    }
  } else if (kind === "tpch" || kind === "tpcds") {
    ["table", "scale_factor"].forEach(add);
  } else if (kind === "table") {
    add("name");
  } else {
    add("sql");
  }
  return p;
}

function imageParams() {
  const p = new URLSearchParams();
  for (const id of ["image.mode", "image.colormap", "image.width"]) {
    const v = $(id).value.trim();
    if (v !== "") p.set(id, v);
  }
  return p;
}

function clearErrors() {
  for (const e of document.querySelectorAll(".err")) e.textContent = "";
  for (const e of document.querySelectorAll(".invalid")) e.classList.remove("invalid");
}

function showError(message, field) {
  const at = field && $("err-" + field);
  if (at) {
    at.textContent = message;
    const input = $(field);
    if (input) input.classList.add("invalid");
  } else {
    $("err-global").textContent = message;
  }
}

function schedule() {
  showKind();
  clearTimeout(timer);
  timer = setTimeout(update, 250);
}

async function update() {
  const mine = ++generation;
  const p = params();
  const described = await fetch("/api/dataset?" + p);
  if (mine !== generation) return;
  clearErrors();
  if (!described.ok) {
    showError(await described.text(), described.headers.get("x-error-field"));
    $("preview-status").textContent = "no preview: the dataset is not valid";
    return;
  }
  const d = await described.json();
  $("descriptor").textContent = d.descriptor ?? "(not a synthetic table: no descriptor)";
  $("rows").textContent = d.rows == null ? "" : d.rows.toLocaleString("en-US") + " rows";
  $("equivalent").textContent = d.query + ";\n" + d.copy + ";\n" + d.png + ";";
  if (previewAbort) previewAbort.abort();
  previewAbort = new AbortController();
  $("preview-status").textContent = "drawing…";
  const started = performance.now();
  let r;
  try {
    r = await fetch("/api/preview.png?" + p + "&" + imageParams(), { signal: previewAbort.signal });
  } catch (e) {
    return; // replaced by a newer preview
  }
  if (mine !== generation) return;
  if (!r.ok) {
    showError(await r.text(), r.headers.get("x-error-field"));
    $("preview-status").textContent = "no preview";
    return;
  }
  const blob = await r.blob();
  if (mine !== generation) return;
  const drawn = Number(r.headers.get("x-rows-drawn"));
  const ms = Math.round(performance.now() - started);
  if (previewUrl) URL.revokeObjectURL(previewUrl);
  previewUrl = URL.createObjectURL(blob);
  const img = $("preview");
  img.src = previewUrl;
  img.dataset.query = d.query;
  const of = d.rows != null && d.rows > drawn ? ` (the first of ${d.rows.toLocaleString("en-US")})` : "";
  $("preview-status").textContent = `${drawn.toLocaleString("en-US")} rows drawn${of} in ${ms} ms`;
}

function download() {
  const p = params();
  p.set("output", $("output").value);
  const a = document.createElement("a");
  a.href = "/api/download?" + p;
  a.download = "";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(poll, 300);
}

async function poll() {
  const running = await (await fetch("/api/downloads")).json();
  $("downloads").replaceChildren(
    ...running.map((d) => {
      const li = document.createElement("li");
      const bar = document.createElement("progress");
      if (d.rows_total) {
        bar.max = d.rows_total;
        bar.value = d.rows_done;
      }
      const mb = (d.bytes / 1048576).toFixed(1);
      li.append(bar, ` ${d.name}: ${d.rows_done.toLocaleString("en-US")} rows, ${mb} MiB sent`);
      return li;
    }),
  );
  if (running.length > 0) setTimeout(poll, 500);
}

init();
