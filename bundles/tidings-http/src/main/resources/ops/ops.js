// The Tidings operations page: polls the admin JSON API (../admin/*) every two seconds and follows a topic pattern
// over Server-Sent Events (../events/{pattern}). The admin token comes from the URL fragment (#token=..., never sent
// to the server in a URL) or the form, and is kept in sessionStorage for this tab only.
"use strict";

const POLL_MS = 2000;
const HISTORY = 60; // samples of each topic's rate: two minutes
const RECENT = 50;

const state = { token: null, previous: new Map(), rates: new Map(), stream: null };

function tokenFromPage() {
  const m = /(?:^|&)token=([^&]+)/.exec(location.hash.slice(1));
  if (m) {
    sessionStorage.setItem("tidings.token", decodeURIComponent(m[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem("tidings.token");
}

function headers() {
  return state.token ? { "Authorization": "Bearer " + state.token } : {};
}

async function api(path, options = {}) {
  const response = await fetch("../admin/" + path, { ...options, headers: { ...headers(), ...(options.headers || {}) } });
  if (response.status === 401 || response.status === 403) {
    document.getElementById("login").hidden = false;
    throw new Error(response.status === 401 ? "a valid admin token is needed" : "this token is not an admin's");
  }
  const body = await response.json();
  if (!response.ok) {
    throw new Error(body.detail || body.title || response.statusText);
  }
  return body;
}

function cell(row, value, cls) {
  const td = row.insertCell();
  td.textContent = value === null || value === undefined ? "" : String(value);
  if (cls) td.className = cls;
  return td;
}

function fill(tableId, items, render) {
  const body = document.querySelector("#" + tableId + " tbody");
  body.replaceChildren();
  for (const item of items) render(body.insertRow(), item);
  if (items.length === 0) {
    const td = body.insertRow().insertCell();
    td.colSpan = document.querySelectorAll("#" + tableId + " thead th").length;
    td.className = "muted";
    td.textContent = "none";
  }
}

function sparkline(values) {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("class", "spark");
  svg.setAttribute("viewBox", "0 0 " + (HISTORY - 1) + " 24");
  svg.setAttribute("preserveAspectRatio", "none");
  const max = Math.max(1, ...values);
  const line = document.createElementNS(ns, "polyline");
  const start = HISTORY - values.length;
  line.setAttribute("points", values.map((v, i) => (start + i) + "," + (23 - 22 * v / max).toFixed(1)).join(" "));
  svg.appendChild(line);
  return svg;
}

function topicRates(topics, now) {
  for (const t of topics) {
    const before = state.previous.get(t.topic);
    const history = state.rates.get(t.topic) || [];
    if (before) {
      const seconds = (now - before.at) / 1000;
      history.push(Math.max(0, (t.published - before.published) / seconds));
      if (history.length > HISTORY) history.shift();
    }
    state.rates.set(t.topic, history);
    state.previous.set(t.topic, { published: t.published, at: now });
  }
}

function renderTopics(topics) {
  topics.sort((a, b) => b.published - a.published || a.topic.localeCompare(b.topic));
  fill("topics", topics, (row, t) => {
    row.dataset.topic = t.topic;
    cell(row, t.topic);
    cell(row, t.published, "n");
    const history = state.rates.get(t.topic) || [];
    cell(row, history.length ? history[history.length - 1].toFixed(1) : "…", "n rate");
    row.insertCell().appendChild(sparkline(history));
    cell(row, t.subscribers, "n");
  });
}

function renderSubscriptions(subscriptions) {
  fill("subscriptions", subscriptions, (row, s) => {
    row.dataset.subscription = s.name;
    cell(row, s.name);
    cell(row, s.topic);
    cell(row, s.active ? "yes" : "no", s.active ? "ok" : "warn");
    cell(row, s.position, "n");
    cell(row, s.committed, "n");
    cell(row, s.lag, "n lag" + (s.lag > 1000 ? " warn" : ""));
    cell(row, s.deadLetters < 0 ? "?" : s.deadLetters, "n" + (s.deadLetters > 0 ? " bad" : ""));
    cell(row, s.problem, s.problem ? "bad" : null);
  });
  const select = document.getElementById("dlq-subscription");
  const chosen = select.value;
  const names = [...new Set(subscriptions.map(s => s.name))].sort();
  select.replaceChildren(...names.map(n => new Option(n, n, false, n === chosen)));
}

function renderPlugins(handlers) {
  const bundles = new Map();
  for (const h of handlers) {
    const b = bundles.get(h.bundle) || { bundle: h.bundle, handlers: 0, delivered: 0, failed: 0, states: new Set() };
    b.handlers++;
    b.delivered += h.delivered;
    b.failed += h.failed;
    b.states.add(h.state);
    bundles.set(h.bundle, b);
  }
  const rows = [...bundles.values()].sort((a, b) => a.bundle.localeCompare(b.bundle));
  fill("plugins", rows, (row, b) => {
    row.dataset.bundle = b.bundle;
    cell(row, b.bundle);
    cell(row, b.handlers, "n");
    cell(row, b.delivered, "n");
    cell(row, b.failed, "n" + (b.failed > 0 ? " warn" : ""));
    cell(row, [...b.states].join(", "), b.states.has("ACTIVE") && b.states.size === 1 ? "ok" : "warn");
  });
}

function renderBridges(bridges) {
  fill("bridges", bridges, (row, b) => {
    row.dataset.bridge = b.kind + ":" + b.name + ":" + b.direction;
    cell(row, b.name);
    cell(row, b.kind);
    cell(row, b.direction);
    cell(row, b.connected ? "yes" : "no", b.connected ? "ok" : "bad");
    cell(row, b.forwarded, "n");
    cell(row, b.lag < 0 ? "?" : b.lag, "n");
    cell(row, b.lastError, b.lastError ? "bad" : null);
  });
}

async function poll() {
  try {
    const [topics, subscriptions, handlers, bridges] = await Promise.all([
      api("topics"), api("subscriptions").catch(() => []), api("handlers"), api("bridges").catch(() => [])]);
    topicRates(topics, Date.now());
    renderTopics(topics);
    renderSubscriptions(subscriptions);
    renderPlugins(handlers);
    renderBridges(bridges);
    setStatus("updated " + new Date().toLocaleTimeString(), "ok");
  } catch (e) {
    setStatus(e.message, "bad");
  }
}

function setStatus(text, cls) {
  const status = document.getElementById("status");
  status.textContent = text;
  status.className = cls;
}

async function showDeadLetters(event) {
  if (event) event.preventDefault();
  const subscription = document.getElementById("dlq-subscription").value;
  if (!subscription) return;
  try {
    const letters = await api("dead-letters?subscription=" + encodeURIComponent(subscription) + "&max=100");
    fill("dead-letters", letters, (row, d) => {
      row.dataset.offset = d.offset;
      cell(row, d.offset, "n");
      cell(row, d.eventTopic);
      cell(row, d.originalOffset, "n");
      cell(row, d.originalTime);
      cell(row, d.attempts, "n");
      cell(row, d.error, "bad");
      const button = document.createElement("button");
      button.textContent = "Republish";
      button.addEventListener("click", () => republish(subscription, d.offset, button));
      row.insertCell().appendChild(button);
    });
  } catch (e) {
    setStatus(e.message, "bad");
  }
}

async function republish(subscription, offset, button) {
  button.disabled = true;
  try {
    const stored = await api("republish", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ subscription, offset }) });
    button.textContent = "stored at " + stored.durableTopic + "@" + stored.offset;
  } catch (e) {
    button.textContent = "failed: " + e.message;
    button.disabled = false;
  }
}

/** Whether durable topic pattern d (a topic, prefix/* or *) covers every topic of pattern p. */
function covers(d, p) {
  if (d === "*" || d === p) return true;
  return d.endsWith("/*") && p.startsWith(d.slice(0, -1)) && p.length > d.length - 1;
}

// Server-Sent Events over fetch, so that the token goes in a header (EventSource cannot send one).
async function follow(event) {
  if (event) event.preventDefault();
  if (state.stream) state.stream.abort();
  const pattern = document.getElementById("tail-pattern").value.trim() || "*";
  const recent = document.getElementById("recent");
  recent.replaceChildren();
  const controller = new AbortController();
  state.stream = controller;
  try {
    // Start with the last stored events of the durable topic covering the pattern, if one does: the stream resumes
    // after the Last-Event-ID it is given.
    const streamHeaders = { ...headers(), "Accept": "text/event-stream" };
    const durable = (await api("durable-topics").catch(() => [])).find(d => covers(d.topic, pattern));
    if (durable && durable.endOffset > durable.startOffset) {
      const first = Math.max(durable.startOffset, durable.endOffset - RECENT);
      streamHeaders["Last-Event-ID"] = durable.topic + "@" + Math.max(0, first - 1);
    }
    const response = await fetch("../events/" + pattern.split("/").map(encodeURIComponent).join("/"),
      { headers: streamHeaders, signal: controller.signal });
    if (!response.ok) {
      throw new Error("following " + pattern + ": " + response.status + " " + response.statusText);
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = message.split("\n").filter(l => l.startsWith("data:")).map(l => l.slice(5).trim()).join("\n");
        const id = (message.split("\n").find(l => l.startsWith("id:")) || "").slice(3).trim();
        if (!data) continue; // a keep-alive comment
        const li = document.createElement("li");
        let text = data;
        try {
          const ce = JSON.parse(data);
          const topic = ce.subject || ce.topic || ""; // a CloudEvent, or a plain Event Admin event
          li.dataset.topic = topic;
          text = (id ? id + "  " : "") + (ce.type ? ce.type + " " : "") + topic + " "
            + JSON.stringify(ce.data !== undefined ? ce.data : ce.properties);
        } catch (ignored) {
          // not JSON: shown as it came
        }
        li.textContent = text;
        recent.prepend(li);
        while (recent.children.length > RECENT) recent.lastElementChild.remove();
      }
    }
  } catch (e) {
    if (e.name !== "AbortError") setStatus(e.message, "bad");
  }
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  state.token = document.getElementById("token").value.trim();
  sessionStorage.setItem("tidings.token", state.token);
  document.getElementById("login").hidden = true;
  poll();
});
document.getElementById("dlq-form").addEventListener("submit", showDeadLetters);
document.getElementById("tail-form").addEventListener("submit", follow);

state.token = tokenFromPage();
poll();
setInterval(poll, POLL_MS);
if (new URLSearchParams(location.search).has("follow")) {
  document.getElementById("tail-pattern").value = new URLSearchParams(location.search).get("follow");
  follow();
}
