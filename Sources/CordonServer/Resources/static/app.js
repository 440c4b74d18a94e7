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

// Scans a barcode or QR code with the phone's camera where the browser can (BarcodeDetector), filling the field named
// by the button's data-target and submitting its form. Elsewhere the button stays hidden and people type.
if ("BarcodeDetector" in window && navigator.mediaDevices) {
  document.querySelectorAll("button.scan").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", async function () {
      var field = document.getElementById(button.dataset.target);
      var video = document.createElement("video");
      video.setAttribute("playsinline", "");
      video.className = "scanner";
      button.after(video);
      var stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } });
      video.srcObject = stream;
      await video.play();
      var detector = new BarcodeDetector();
      var stop = function () { stream.getTracks().forEach(function (t) { t.stop(); }); video.remove(); };
      var look = async function () {
        if (!video.isConnected) return;
        var codes = await detector.detect(video);
        if (codes.length) {
          field.value = codes[0].rawValue.trim();
          stop();
          if (field.form && (field.form.id === "add-swab" || field.form.id === "verify")) field.form.requestSubmit();
          return;
        }
        requestAnimationFrame(look);
      };
      look();
    });
  });
}

// A code's pass lives minutes; reload the page shortly before it expires so the QR code on screen is always valid.
(function () {
  var renew = Array.prototype.map.call(document.querySelectorAll("[data-renew]"), function (e) { return Number(e.dataset.renew); })
    .filter(function (n) { return n > 0; });
  if (renew.length) setTimeout(function () { location.reload(); }, Math.max(10, Math.min.apply(null, renew)) * 1000);
})();

// A print button on documents handed over on paper (a release notice).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});

// A photo chosen in a form goes along as a data URL in the hidden field the input names (data-into), so the form
// stays a plain urlencoded post.
document.querySelectorAll("input[type=file][data-into]").forEach(function (input) {
  input.addEventListener("change", function () {
    var target = input.form.querySelector("input[name=" + input.dataset.into + "]");
    var file = input.files[0];
    if (!file) { target.value = ""; return; }
    var reader = new FileReader();
    reader.onload = function () { target.value = reader.result; };
    reader.readAsDataURL(file);
  });
});
