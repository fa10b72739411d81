// The explorer: the timeline's steps (see states.js, which comes first) with an animated
// chart, search, a person's history and a role's succession on a click, and a box's source on
// hover. Every string from the log goes in with textContent (element() does it); a source is a
// link only when it is an http(s) URL.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("data").textContent);
  const steps = data.steps;
  const states = orgStates(steps);
  const byId = (id) => document.getElementById(id);
  const slider = byId("slider");
  const dateOut = byId("date");
  const chartBox = byId("chart");
  const treeBox = byId("tree");
  const ghostBox = byId("ghosts");
  const searchBox = byId("search");
  const searchStatus = byId("search-status");
  const sourceBox = byId("source");
  const details = byId("details");
  const ANIMATE_UP_TO = 600; // boxes: beyond this a chart changes at once
  const PLAY_MS = 1200;

  // Each role and holder is cited by its place in the changes of the step that holds it; the
  // step is noted on each once here, so a box can find its source.
  steps.forEach((step, index) => {
    for (const role of step.roles) role.step = index;
    for (const holder of step.holders) holder.step = index;
  });

  // Each person's roles, stay by stay, read off the roles' lines (where each tenure is held
  // once): personId -> [[{role, acting, from, to, title}, ...] for each stay].
  const held = new Map();
  for (const [roleId, role] of Object.entries(data.roles)) {
    for (const entry of role.line) {
      if (entry.length === 2) continue; // a vacancy
      const [person, stay, acting, from, to, title] = entry;
      const stays = data.people[person] ? data.people[person].stays : [];
      if (!held.has(person)) held.set(person, stays.map(() => []));
      const within = held.get(person)[stay === null ? stays.length - 1 : stay];
      if (within) within.push({ role: roleId, acting, from, to, title: role.titles[title][1] });
    }
  }

  let state = null;
  let current = -1;
  const cardText = new Map(); // card -> the lower-case text search looks in

  // A source as a link when it is an http(s) URL, else as text (a file name, anything else).
  function sourceNode(source) {
    let url = null;
    try {
      url = new URL(source);
    } catch (error) {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return element("span", "", source);
    }
    const link = element("a", "", source);
    link.href = url.href;
    link.rel = "noopener noreferrer";
    link.target = "_blank";
    return link;
  }

  // What put a box there: the change (a sentence), its date, source and note.
  function citation(item) {
    if (!item || item.cite === null || item.cite === undefined) return null;
    const step = steps[item.step];
    const [source, note] = step.citations[item.cite];
    return { change: step.changes[item.cite], label: step.label, source: data.sources[source], note };
  }

  function citeLine(cited) {
    const line = element("span", "cite", " (source: ");
    line.appendChild(sourceNode(cited.source));
    line.appendChild(document.createTextNode(cited.note ? "; " + cited.note + ")" : ")"));
    return line;
  }

  // --- the source on hover --------------------------------------------------------------

  let hideTimer = null;

  function showSource(role) {
    clearTimeout(hideTimer);
    const holding = state.holders.get(role.id);
    const cited = citation(holding || role);
    if (!cited) return;
    const what = element("div", "", cited.change + " (" + cited.label + ")");
    const from = element("div", "", "Source: ");
    from.appendChild(sourceNode(cited.source));
    sourceBox.replaceChildren(what, from);
    if (cited.note) sourceBox.appendChild(element("div", "", "Note: " + cited.note));
    sourceBox.hidden = false;
  }

  // Hidden a moment after the pointer leaves, so that it can reach the link.
  function hideSourceSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(() => {
      sourceBox.hidden = true;
    }, 1200);
  }

  sourceBox.addEventListener("mouseenter", () => clearTimeout(hideTimer));
  sourceBox.addEventListener("mouseleave", hideSourceSoon);

  // --- history and succession on a click ------------------------------------------------

  const span = (from, to) => (to === null ? "since " + from : from + " to " + to);

  function linkish(text, action) {
    const button = element("button", "linkish", text);
    button.type = "button";
    button.addEventListener("click", action);
    return button;
  }

  function openDetails(heading, nodes) {
    byId("details-heading").textContent = heading;
    byId("details-body").replaceChildren(...nodes);
    details.hidden = false;
    details.scrollIntoView({ block: "nearest" });
  }

  function showHistory(personId) {
    const person = data.people[personId];
    if (!person) return;
    const nodes = [];
    person.stays.forEach(([name, from], index) => {
      nodes.push(element("h3", "", "Joined " + from + (name !== person.name ? " as " + name : "")));
      const roles = element("ul", "history");
      for (const role of (held.get(personId) || [])[index] || []) {
        const item = element("li");
        item.appendChild(linkish(role.title, () => showSuccession(role.role)));
        const acting = role.acting ? " (acting)" : "";
        item.appendChild(document.createTextNode(acting + ", " + span(role.from, role.to)));
        roles.appendChild(item);
      }
      if (!roles.childElementCount) roles.appendChild(element("li", "", "No role"));
      nodes.push(roles);
      nodes.push(element("p", "departure", departure(person.stays[index])));
    });
    openDetails(person.name, nodes);
  }

  function departure([, , to, reason, destination]) {
    if (to === null) return "Still there.";
    return "Left " + to + (reason ? " (" + reason + ")" : "") + (destination ? ", for " + destination : "") + ".";
  }

  // The name a holder had while in the role (a person re-hired may have another).
  function nameIn(person, stay) {
    const found = data.people[person];
    if (!found) return person;
    return stay === null ? found.name : found.stays[stay][0];
  }

  function showSuccession(roleId) {
    const role = data.roles[roleId];
    if (!role) return;
    const ended = role.abolished ? ", abolished " + role.abolished : "";
    const nodes = [element("p", "", "Created " + role.created + ended + ".")];
    if (role.titles.length > 1) {
      const titles = role.titles.map(([from, title]) => title + " (from " + from + ")");
      nodes.push(element("p", "", "Titles: " + titles.join("; ") + "."));
    }
    const line = element("ol", "succession");
    for (const entry of role.line) {
      if (entry.length === 2) {
        line.appendChild(element("li", "vacancy", "Vacant, " + span(entry[0], entry[1])));
        continue;
      }
      const [person, stay, acting, from, to] = entry;
      const item = element("li", "holder-entry");
      item.appendChild(linkish(nameIn(person, stay), () => showHistory(person)));
      item.appendChild(document.createTextNode((acting ? " (acting)" : "") + ", " + span(from, to)));
      line.appendChild(item);
    }
    if (!role.line.length) line.appendChild(element("li", "vacancy", "Never held"));
    nodes.push(line);
    openDetails(role.title, nodes);
  }

  byId("close-details").addEventListener("click", () => {
    details.hidden = true;
  });

  // --- the chart ------------------------------------------------------------------------

  function card(role, changedRoles) {
    const holding = state.holders.get(role.id);
    const away = holding !== undefined && state.away.has(holding.person);
    let kind = "card";
    if (!holding) kind += " vacant";
    else if (holding.acting || away) kind += " marked";
    if (changedRoles.has(role.id)) kind += " changed";
    const box = element("div", kind);
    box.dataset.role = role.id;
    const title = element("button", "title", role.title);
    title.type = "button";
    title.title = "Who held this role";
    title.addEventListener("click", () => showSuccession(role.id));
    box.appendChild(title);
    const person = holding ? state.people.get(holding.person) : undefined;
    const name = holding ? (person ? person.name : holding.person) : "Vacant";
    let line;
    if (holding) {
      box.dataset.person = holding.person;
      line = element("button", "holder", name);
      line.type = "button";
      line.title = "Their history";
      line.addEventListener("click", () => showHistory(holding.person));
      if (holding.acting) line.appendChild(element("span", "flag", "ACTING"));
      if (away) line.appendChild(element("span", "flag", "ON LEAVE"));
    } else {
      line = element("div", "holder", name);
    }
    box.appendChild(line);
    if (holding) box.appendChild(element("div", "meta", "since " + holding.since_label));
    if (role.dotted_to && role.dotted_to.length) {
      const titles = role.dotted_to.map((id) => (state.roles.get(id) || { title: id }).title);
      box.appendChild(element("div", "meta dotted", "dotted line to " + titles.join(", ")));
    }
    box.addEventListener("mouseenter", () => showSource(role));
    box.addEventListener("focusin", () => showSource(role));
    box.addEventListener("mouseleave", hideSourceSoon);
    box.addEventListener("focusout", hideSourceSoon);
    cardText.set(box, (role.title + "\n" + (holding ? name : "")).toLowerCase());
    return box;
  }

  // Where each box is inside the chart's scrolled content, by role.
  function positions() {
    const base = chartBox.getBoundingClientRect();
    const left = base.left + chartBox.clientLeft - chartBox.scrollLeft;
    const top = base.top + chartBox.clientTop - chartBox.scrollTop;
    const found = new Map();
    for (const node of treeBox.querySelectorAll(".card[data-role]")) {
      const box = node.getBoundingClientRect();
      found.set(node.dataset.role, { x: box.left - left, y: box.top - top, width: box.width, node });
    }
    return found;
  }

  const calm = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // Draw the chart; with `animate`, boxes that stay glide from where they were (each starts
  // offset back to its old place, then the offset is taken off under a CSS transition), new
  // ones fade in, and a copy of each box that left fades out where it stood.
  function draw(changedRoles, animate) {
    ghostBox.replaceChildren();
    const before = animate && !calm() && state.roles.size <= ANIMATE_UP_TO ? positions() : null;
    cardText.clear();
    treeBox.replaceChildren(
      rolesTree(reportsOf(state.roles), null, (role) => card(role, changedRoles)),
    );
    if (!before) return;
    const moved = [];
    const entering = [];
    for (const [id, now] of positions()) {
      const was = before.get(id);
      if (!was) {
        now.node.style.transition = "none";
        now.node.classList.add("entering");
        entering.push(now.node);
      } else if (was.x !== now.x || was.y !== now.y) {
        now.node.style.transition = "none";
        now.node.style.transform = "translate(" + (was.x - now.x) + "px," + (was.y - now.y) + "px)";
        moved.push(now.node);
      }
      before.delete(id);
    }
    const ghosts = Array.from(before.values(), ghost);
    void chartBox.offsetWidth; // lay out the starting places before the transitions begin
    for (const node of moved.concat(entering)) node.style.transition = "";
    for (const node of moved) node.style.transform = "";
    for (const node of entering) node.classList.remove("entering");
    for (const node of ghosts) node.classList.add("leaving");
    if (ghosts.length) setTimeout(() => ghosts.forEach((node) => node.remove()), lasts(ghosts[0]) + 50);
  }

  // How long a box's transitions last (explorer.css says), in milliseconds.
  function lasts(node) {
    const times = getComputedStyle(node).transitionDuration.split(",");
    return Math.max(0, ...times.map((t) => parseFloat(t) * (t.trim().endsWith("ms") ? 1 : 1000)));
  }

  function ghost(was) {
    const copy = was.node.cloneNode(true);
    copy.removeAttribute("data-role");
    copy.removeAttribute("data-person");
    copy.classList.remove("entering", "match");
    copy.classList.add("ghost");
    copy.style.transform = "";
    copy.style.left = was.x + "px";
    copy.style.top = was.y + "px";
    copy.style.width = was.width + "px";
    for (const button of copy.querySelectorAll("button")) button.tabIndex = -1;
    ghostBox.appendChild(copy);
    return copy;
  }

  // --- search ---------------------------------------------------------------------------

  const LISTED = 12;

  function search(scroll) {
    const wanted = searchBox.value.trim().toLowerCase();
    const hits = [];
    for (const [node, text] of cardText) {
      const hit = wanted !== "" && text.includes(wanted);
      node.classList.toggle("match", hit);
      if (hit) hits.push(node);
    }
    const found = byId("found");
    if (!wanted) {
      searchStatus.textContent = "";
      found.hidden = true;
      return;
    }
    const inLog = foundInLog(wanted);
    byId("found-list").replaceChildren(...inLog.slice(0, LISTED));
    if (inLog.length > LISTED) byId("found-list").appendChild(element("li", "", "and " + (inLog.length - LISTED) + " more"));
    found.hidden = inLog.length === 0;
    const quoted = "\u201c" + searchBox.value.trim() + "\u201d";
    if (hits.length) {
      searchStatus.textContent = hits.length + (hits.length === 1 ? " match" : " matches") + " on this date";
      if (scroll) hits[0].scrollIntoView({ block: "nearest", inline: "nearest" });
    } else if (inLog.length) {
      searchStatus.textContent = "Nothing on this date matches " + quoted + "; see the log below";
    } else {
      searchStatus.textContent = "Nothing matches " + quoted;
    }
  }

  // People (by any name they had) and roles (by any title) anywhere in the log, as buttons.
  function foundInLog(wanted) {
    const items = [];
    for (const [id, person] of Object.entries(data.people)) {
      if (person.stays.some(([name]) => name.toLowerCase().includes(wanted))) {
        const item = element("li");
        item.appendChild(linkish(person.name, () => showHistory(id)));
        items.push(item);
      }
    }
    for (const [id, role] of Object.entries(data.roles)) {
      if (role.titles.some(([, title]) => title.toLowerCase().includes(wanted))) {
        const item = element("li");
        item.appendChild(linkish(role.title, () => showSuccession(id)));
        item.appendChild(document.createTextNode(" (role)"));
        items.push(item);
      }
    }
    return items;
  }

  searchBox.addEventListener("input", () => search(true));

  // --- moving through the dates ---------------------------------------------------------

  function show(index, animate) {
    const step = steps[index];
    const shown = states.at(index);
    state = shown.state;
    current = index;
    sourceBox.hidden = true; // the box it spoke of may be gone
    slider.value = String(index);
    dateOut.textContent = step.label;
    draw(shown.changed, animate);
    byId("changes").replaceChildren(
      ...step.changes.map((text, place) => {
        const item = element("li", "", text);
        item.appendChild(citeLine(citation({ step: index, cite: place })));
        return item;
      }),
    );
    const holding = new Set(Array.from(state.holders.values(), (holder) => holder.person));
    const roleless = Array.from(state.people.values())
      .filter((person) => !holding.has(person.id))
      .sort((a, b) => a.order - b.order);
    byId("unassigned").replaceChildren(
      ...roleless.map((person) => {
        const item = element("li");
        item.appendChild(linkish(person.name, () => showHistory(person.id)));
        return item;
      }),
    );
    byId("unassigned-heading").hidden = roleless.length === 0;
    search(false);
    if (location.hash.slice(1) !== step.date) history.replaceState(null, "", "#" + step.date);
  }

  const go = (index) => {
    if (steps.length) show(Math.max(0, Math.min(steps.length - 1, index)), true);
  };

  let playing = null;

  function stop() {
    clearInterval(playing);
    playing = null;
    const button = byId("play");
    button.textContent = "\u25b6";
    button.setAttribute("aria-label", "Play");
    button.setAttribute("aria-pressed", "false");
  }

  function play() {
    if (playing !== null) return stop();
    if (current >= steps.length - 1) go(0);
    const button = byId("play");
    button.textContent = "\u275a\u275a";
    button.setAttribute("aria-label", "Pause");
    button.setAttribute("aria-pressed", "true");
    playing = setInterval(() => {
      if (current >= steps.length - 1) return stop();
      go(current + 1);
    }, PLAY_MS);
  }

  if (data.scenario) {
    byId("scenario").textContent = data.scenario;
    byId("scenario").hidden = false;
  }
  slider.max = String(Math.max(0, steps.length - 1));
  slider.addEventListener("input", () => show(Number(slider.value), true));
  byId("previous").addEventListener("click", () => go(current - 1));
  byId("next").addEventListener("click", () => go(current + 1));
  byId("play").addEventListener("click", play);
  // The arrow keys move through the dates anywhere but in a text field (the slider moves
  // itself, and the search box needs its arrows).
  document.addEventListener("keydown", (event) => {
    const tag = event.target.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === "ArrowLeft") go(current - 1);
    else if (event.key === "ArrowRight") go(current + 1);
    else return;
    event.preventDefault();
  });
  window.addEventListener("hashchange", () => show(stepOn(steps, location.hash.slice(1)), true));
  if (steps.length) show(stepOn(steps, location.hash.slice(1)), false);
  else treeBox.textContent = "This log has no events.";
})();
