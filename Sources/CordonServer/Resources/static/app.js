// Sends a chosen CSV file as the request body, with the session's CSRF token, and shows what the server said.
document.querySelectorAll("form.upload").forEach(function (form) {
  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    var out = document.getElementById("upload-result");
    var file = form.querySelector("input[type=file]").files[0];
    if (!file) return;
    var skip = form.querySelector("input[name=skip_invalid]");
    var url = form.dataset.target + (skip && skip.checked ? "?skip_invalid=1" : "");
    out.textContent = out.dataset.busy;
    var response = await fetch(url, { method: "POST", body: file, credentials: "same-origin",
      headers: { "Content-Type": "text/csv", "X-CSRF-Token": form.dataset.csrf, "Accept": "application/json" } });
    var body = await response.json();
    out.innerHTML = "";
    var head = document.createElement("p");
    if (response.ok) {
      head.textContent = out.dataset.inserted.replace("{n}", body.inserted !== undefined ? body.inserted : body.recorded);
      out.appendChild(head);
      (body.rejected || []).forEach(function (r) { var li = document.createElement("li"); li.textContent = r.message; out.appendChild(li); });
    } else {
      head.className = "error";
      head.textContent = body.error.message;
      out.appendChild(head);
      (body.error.issues || []).forEach(function (m) { var li = document.createElement("li"); li.textContent = m; out.appendChild(li); });
    }
  });
});
