// The Deriv playground: one form, answered by the public API only (same origin, JSON in, JSON
// or SVG out). Mathematics is the MathML the API returns, which browsers render natively.
"use strict";

const FIELDS = ["expression", "variable", "order", "interval", "key"];
const RULE_NAMES = new Map();

function byId(id) {
  return document.getElementById(id);
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    node.setAttribute(name, value);
  }
  for (const child of children) {
    node.append(child);
  }
  return node;
}

function mathNode(object) {
  // The API's MathML, parsed as XML (never as HTML) and adopted into the page.
  const parsed = new DOMParser().parseFromString(object.mathml, "application/xml");
  if (parsed.getElementsByTagName("parsererror").length > 0) {
    return element("code", {}, object.text);
  }
  return document.importNode(parsed.documentElement, true);
}

function mathLine(label, object) {
  const line = element("p", { class: "math-line" });
  if (label) {
    line.append(`${label} `);
  }
  line.append(object.mathml ? mathNode(object) : element("code", {}, object.text));
  return line;
}

function headers() {
  const key = byId("key").value.trim();
  const common = { Accept: "application/json" };
  return key ? { ...common, "X-API-Key": key } : common;
}

async function call(path, body) {
  const response = await fetch(path, {
    method: "POST",
    headers: { ...headers(), "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({ detail: response.statusText }));
    throw Object.assign(new Error(problem.detail || problem.title), { problem });
  }
  const type = response.headers.get("Content-Type") || "";
  return type.startsWith("image/svg+xml") ? response.blob() : response.json();
}

function clearErrors() {
  for (const name of FIELDS) {
    const box = byId(`${name}-error`);
    box.hidden = true;
    box.textContent = "";
  }
  for (const input of document.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
}

function showError(problem, text) {
  const named = problem.code === "unauthorized" ? "key" : problem.field;
  const field = FIELDS.includes(named) ? named : "expression";
  const box = byId(`${field}-error`);
  let message = problem.detail || problem.title || "Something went wrong.";
  if (problem.suggestion) {
    message += ` Did you mean ${problem.suggestion}?`;
  }
  if (field === "expression" && Number.isInteger(problem.position)) {
    message = `${text}\n${" ".repeat(problem.position)}^\n${message}`;
    const input = byId("expression");
    input.focus();
    input.setSelectionRange(problem.position, problem.position + 1);
  }
  box.textContent = message;
  box.hidden = false;
  const input = byId(field === "interval" ? "start" : field);
  input.setAttribute("aria-invalid", "true");
}

function show(section, ...children) {
  const body = byId(`${section}-body`);
  body.replaceChildren(...children);
  byId(section).hidden = false;
}

function readingView(parsed) {
  const parts = [mathLine("f =", parsed.expression)];
  parts.push(element("p", {}, `Symbols: ${parsed.symbols.join(", ") || "none"}`));
  for (const warning of parsed.warnings) {
    parts.push(element("p", { class: "warning", role: "note" }, warning.message));
  }
  return parts;
}

function stepView(step, depth) {
  const name = RULE_NAMES.get(step.rule) || step.rule;
  const summary = element("summary", {}, element("span", { class: "rule" }, name));
  summary.append(mathNode(step.expression), " \u2192 ", mathNode(step.result));
  const details = element("details", depth < 2 ? { open: "" } : {}, summary);
  details.append(element("p", { class: "explanation" }, step.explanation));
  if (step.assembled) {
    details.append(mathLine("Put together:", step.assembled));
  }
  for (const substep of step.substeps) {
    details.append(stepView(substep, depth + 1));
  }
  return details;
}

function pointText(point) {
  const infinities = { oo: "\u221e", "-oo": "\u2212\u221e" };
  return point ? infinities[point.text] || point.text : "\u2014";
}

function table(caption, headings, rows) {
  const head = element("tr", {}, ...headings.map((h) => element("th", { scope: "col" }, h)));
  const body = rows.map((row) => element("tr", {}, ...row.map((cell) => element("td", {}, cell))));
  return element("table", {}, element("caption", {}, caption), element("thead", {}, head),
    element("tbody", {}, ...body));
}

function shapeView(concavity, critical) {
  const parts = [mathLine("f\u2032\u2032 =", concavity.second_derivative)];
  parts.push(table("Concavity", ["from", "to", "concave"],
    concavity.intervals.map((i) => [pointText(i.start), pointText(i.end), i.concavity])));
  const inflections = concavity.inflection_points.map((p) => pointText(p.at));
  parts.push(element("p", {}, `Inflection points: ${inflections.join(", ") || "none"}`));
  parts.push(table("Critical points", ["at", "f there", "kind", "test"],
    critical.points.map((p) => [pointText(p.at), pointText(p.value), p.kind, p.test])));
  for (const [name, answer] of [["concavity", concavity], ["critical points", critical]]) {
    if (!answer.complete) {
      const why = answer.reason ? `: ${answer.reason}` : ".";
      parts.push(element("p", { class: "warning" }, `The ${name} analysis is incomplete${why}`));
    }
  }
  return parts;
}

function unescapeXml(text) {
  // The SVG's <desc> as text (it is not parsed as a document: that would apply its styles).
  const entities = { "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'", "&#39;": "'" };
  return text.replace(/&(lt|gt|quot|#x27|#39);/g, (e) => entities[e]).replace(/&amp;/g, "&");
}

async function plotView(function_, order, start, end) {
  const orders = [...new Set([0, 1, 2, order])];
  const svg = await call("/v1/plot", { ...function_, interval: [start, end], orders });
  const description = (await svg.text()).match(/<desc>([^<]*)<\/desc>/);
  const image = element("img", {
    src: URL.createObjectURL(svg),
    alt: description ? unescapeXml(description[1]) : "Plot of f and its derivatives",
    width: "640",
    height: "400",
  });
  return [image];
}

async function loadRuleNames() {
  const response = await fetch("/v1/rules", { headers: headers() });
  if (response.ok) {
    for (const rule of await response.json()) {
      RULE_NAMES.set(rule.rule, rule.name);
    }
  }
}

function readForm() {
  const request = { expression: byId("expression").value, syntax: byId("syntax").value };
  const variable = byId("variable").value.trim();
  if (variable) {
    request.variable = variable;
  }
  request.order = Number.parseInt(byId("order").value, 10) || 1;
  return request;
}

async function answer(event) {
  event.preventDefault();
  clearErrors();
  const status = byId("status");
  const request = readForm();
  const { order, ...function_ } = request;
  const start = byId("start").value.trim();
  const end = byId("end").value.trim();
  status.textContent = "Working\u2026";
  try {
    const [parsed, derivative, trace, concavity, critical] = await Promise.all([
      call("/v1/parse", { expression: request.expression, syntax: request.syntax }),
      call("/v1/derivative", request),
      call("/v1/trace", request),
      call("/v1/concavity", function_),
      call("/v1/critical-points", function_),
    ]);
    show("reading", ...readingView(parsed));
    show("derivative", mathLine(`Order ${derivative.order} in ${derivative.variable}:`,
      derivative.derivative));
    show("steps", ...trace.traces.map((t) => stepView(t.trace, 0)));
    show("shape", ...shapeView(concavity, critical));
    status.textContent = "Drawing the plot\u2026";
    show("plot", ...(await plotView(function_, order, start, end)));
    status.textContent = "Done.";
  } catch (error) {
    status.textContent = "The service could not answer; see the message next to the field.";
    if (error.problem) {
      showError(error.problem, request.expression);
    } else {
      throw error;
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  byId("ask").addEventListener("submit", answer);
  loadRuleNames().then(() => byId("ask").requestSubmit());
});
