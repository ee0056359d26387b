// The live page: shows the articles and keeps the list current from the Socket.IO events
// article:create, article:update and article:delete, each with one argument {data: article}.
// Connects anonymously, and again with the token once logged in (POST /api/auth/local).
"use strict";

(() => {
	const status = document.getElementById("status");
	const identity = document.getElementById("identity");
	const list = document.getElementById("articles");
	const loginForm = document.getElementById("login-form");
	const username = document.getElementById("username");
	const password = document.getElementById("password");
	const loginError = document.getElementById("login-error");
	const articleForm = document.getElementById("article-form");
	const articleTitle = document.getElementById("article-title");
	const articleBody = document.getElementById("article-body");
	const articleError = document.getElementById("article-error");
	const publish = document.getElementById("publish");

	const EVENTS = ["article:create", "article:update", "article:delete"];

	let socketUrl;
	let socketPath;
	let socket = null;
	let jwt = null;
	// while the list loads, the events received meanwhile: applied on top of it once shown
	let queued = null;

	function setStatus(text) {
		status.textContent = text;
		status.classList.toggle("connected", text === "connected");
	}

	/** Never throws: a network failure is {ok: false, status: <its message>}. */
	async function requestJson(url, options = {}) {
		try {
			const res = await fetch(url, options);
			const body = res.status === 204 ? null : await res.json().catch(() => null);
			return { ok: res.ok, status: res.status, body };
		}
		catch (err) {
			return { ok: false, status: err.message, body: null };
		}
	}

	/** Opens a new socket, with the token if logged in, and drops the previous one. */
	function connect() {
		const previous = socket;
		const current = io(socketUrl, { path: socketPath, ...(jwt ? { auth: { strategy: "jwt", token: jwt } } : {}) });
		socket = current;
		previous?.disconnect();
		setStatus("connecting");
		// events of a replaced socket are ignored
		const live = (handler) => (...args) => socket === current && handler(...args);
		current.on("connect", live(() => showArticles(current)));
		current.on("disconnect", live(() => setStatus("disconnected")));
		current.on("connect_error", live((err) => setStatus(err.message)));
		for (const event of EVENTS) {
			current.on(event, live((payload) => received(event, payload?.data)));
		}
	}

	/** Loads the whole list (again after a reconnection: events may have been missed). */
	async function showArticles(current) {
		const events = [];
		queued = events;
		const { ok, status: code, body } = await requestJson("/api/articles");
		if (queued !== events) {
			return; // a later load replaces this one
		}
		queued = null;
		if (ok) {
			list.replaceChildren();
			body.forEach(upsert);
		}
		else {
			console.error(`GET /api/articles failed: ${code}`);
		}
		events.forEach(([event, article]) => apply(event, article));
		if (socket === current && current.connected) {
			setStatus("connected");
		}
	}

	function received(event, article) {
		if (article?.id == null) {
			return;
		}
		if (queued) {
			queued.push([event, article]);
		}
		else {
			apply(event, article);
		}
	}

	function apply(event, article) {
		if (event === "article:delete") {
			item(article.id)?.remove();
		}
		else {
			upsert(article);
		}
	}

	function item(id) {
		return list.querySelector(`li[data-id="${CSS.escape(String(id))}"]`);
	}

	function upsert(article) {
		let li = item(article.id);
		if (!li) {
			li = document.createElement("li");
			li.dataset.id = String(article.id);
			// ordered by id, as GET /api/articles
			const next = [...list.children].find((other) => Number(other.dataset.id) > article.id);
			list.insertBefore(li, next ?? null);
		}
		const title = document.createElement("strong");
		title.className = "title";
		title.textContent = article.title ?? "";
		li.replaceChildren(title);
		if (article.body) {
			const body = document.createElement("p");
			body.className = "body";
			body.textContent = article.body;
			li.append(body);
		}
	}

	loginForm.addEventListener("submit", async (event) => {
		event.preventDefault();
		loginError.textContent = "";
		const { ok, status: code, body } = await requestJson("/api/auth/local", {
			method: "POST",
			headers: { "Content-Type": "application/json" },
			body: JSON.stringify({ identifier: username.value, password: password.value }),
		});
		if (!ok) {
			loginError.textContent = body?.error ?? `Login failed (${code})`;
			return;
		}
		jwt = body.jwt;
		identity.textContent = `${body.user.username} (${body.user.roles.join(", ")})`;
		publish.disabled = false;
		password.value = "";
		connect();
	});

	// the new article shows up when its article:create event arrives, like any other change
	articleForm.addEventListener("submit", async (event) => {
		event.preventDefault();
		articleError.textContent = "";
		const { ok, status: code, body } = await requestJson("/api/articles", {
			method: "POST",
			headers: { "Content-Type": "application/json", Authorization: `Bearer ${jwt}` },
			body: JSON.stringify({ title: articleTitle.value, body: articleBody.value }),
		});
		if (!ok) {
			articleError.textContent = code === 401 ? "Not allowed: log in (again)" : body?.error ?? `Failed (${code})`;
			return;
		}
		articleForm.reset();
	});

	(async () => {
		const { ok, status: code, body } = await requestJson("/api/client-config");
		if (!ok) {
			setStatus(`no client configuration (${code})`);
			return;
		}
		// url "/" (sample.socket-url): the page's own origin, e.g. behind a reverse proxy
		socketUrl = body.url ?? `${location.protocol}//${location.hostname}:${body.port}`;
		socketPath = body.path;
		connect();
	})();
})();
