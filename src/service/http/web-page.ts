/**
 * The live web view: one self-contained page (inline CSS and JS, no external assets, no build
 * step). It subscribes to `/events` and redraws from each `snapshot`: open alerts first (critical
 * ones red), then each volume with its status, its redundancy risk (level, the failures it still
 * survives, each set's bricks with their condition and the evidence) and bricks (node, node
 * liveness, brick health, drive health and temperature), then the nodes. Text is set through `textContent`, never HTML.
 */
export const WEB_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gluster cluster</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1b1f24; background: #f4f5f7; }
  body { margin: 0; padding: 16px 24px; }
  header { display: flex; align-items: baseline; gap: 16px; margin-bottom: 12px; }
  h1 { font-size: 20px; margin: 0; }
  h2 { font-size: 15px; margin: 18px 0 8px; text-transform: uppercase; letter-spacing: .04em; color: #57606a; }
  .meta { color: #57606a; font-size: 13px; }
  .pill { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: #6e7781; }
  .ok, .STARTED, .HEALTHY, .LIVE, .UP { background: #1a7f37; }
  .warn, .WARNING, .CREATED, .UNKNOWN, .DEGRADED, .THREATENED { background: #9a6700; }
  .bad, .CRITICAL, .STOPPED, .FAILING, .SILENT, .AT_RISK, .UNAVAILABLE, .DOWN { background: #cf222e; }
  .risk { margin-top: 6px; font-size: 13px; }
  #alerts .alert { padding: 8px 12px; margin-bottom: 6px; border-radius: 6px; background: #fff8c5; border-left: 6px solid #9a6700; }
  #alerts .alert.CRITICAL { background: #ffebe9; border-left-color: #cf222e; color: #82071e; font-weight: 600; }
  #alerts .none { color: #1a7f37; }
  .volume { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 10px 14px; margin-bottom: 10px; }
  .volume .title { display: flex; gap: 10px; align-items: center; font-size: 16px; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; margin-top: 8px; font-size: 13px; }
  th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eaeef2; vertical-align: top; }
  th { color: #57606a; font-weight: 500; }
  .reasons { color: #57606a; font-size: 12px; }
  #status.down { color: #cf222e; font-weight: 600; }
</style>
</head>
<body>
<header><h1>Gluster cluster</h1><span id="status" class="meta">connecting…</span><span id="scope" class="meta"></span></header>
<h2>Open alerts</h2><div id="alerts"></div>
<h2>Volumes</h2><div id="volumes"></div>
<h2>Nodes</h2><div id="nodes"></div>
<script>
(() => {
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
    return node;
  };
  const pill = (text) => el('span', { class: 'pill ' + text }, text);
  const time = (ms) => (typeof ms === 'number' ? new Date(ms).toLocaleTimeString() : '');
  const replace = (id, ...children) => document.getElementById(id).replaceChildren(...children);

  function drawAlerts(alerts) {
    if (alerts.length === 0) return replace('alerts', el('div', { class: 'none' }, 'No open alerts'));
    replace('alerts', ...alerts.map((alert) => el('div', { class: 'alert ' + alert.severity, 'data-type': alert.type },
      pill(alert.severity), ' ', alert.type, ' — ', alert.message, ' ', el('span', { class: 'meta' }, 'since ' + time(alert.raisedAt)))));
  }
  function drawVolumes(volumes) {
    if (volumes.length === 0) return replace('volumes', el('div', { class: 'meta' }, 'No volumes known'));
    replace('volumes', ...volumes.map((volume) => {
      const rows = volume.brickViews.map((brick) => el('tr', {},
        el('td', {}, brick.name),
        el('td', {}, brick.nodeId ?? '?', ' ', brick.nodeLiveness ? pill(brick.nodeLiveness) : ''),
        el('td', {}, pill(brick.health), ' ', el('span', { class: 'reasons' }, brick.healthReasons.join('; '))),
        el('td', {}, ...brick.drives.map((drive) => el('div', {}, pill(drive.health), ' ', drive.model ?? drive.drivePath, drive.serial ? ' (' + drive.serial + ')' : '',
          drive.temperatureCelsius === null ? '' : ' ' + Math.round(drive.temperatureCelsius) + ' °C')))));
      const agree = volume.nodesAgree ? '' : el('span', { class: 'pill warn' }, 'nodes disagree: ' + volume.disagreeingNodes.join(', '));
      const risk = volume.risk ? el('span', { class: 'pill ' + volume.risk.level, 'data-risk': volume.risk.level }, volume.risk.level.replace('_', ' ')) : '';
      return el('div', { class: 'volume', 'data-volume': volume.name },
        el('div', { class: 'title' }, volume.name, pill(volume.status), risk, agree, el('span', { class: 'meta' }, volume.brickCount + ' bricks, reported by ' + volume.reportingNodes.join(', '))),
        riskView(volume),
        el('table', {}, el('tr', {}, el('th', {}, 'brick'), el('th', {}, 'node'), el('th', {}, 'health'), el('th', {}, 'drives')), ...rows));
    }));
  }
  function riskView(volume) {
    if (!volume.risk) return '';
    const layout = volume.layout;
    const summary = (layout ? layout.type + ': ' : '') + 'survives ' + volume.risk.tolerates + ' more brick failure(s) of ' + volume.risk.designedTolerance + ' by design';
    const sets = volume.risk.sets.filter((set) => set.level !== 'HEALTHY').map((set) => el('tr', { 'data-set': String(set.index) },
      el('td', {}, 'set ' + set.index + ' (' + set.kind.toLowerCase() + ')'), el('td', {}, pill(set.level)), el('td', {}, 'survives ' + set.tolerates),
      el('td', {}, ...set.bricks.map((brick) => el('div', {}, pill(brick.condition), ' ', brick.name, brick.role === 'ARBITER' ? ' (arbiter)' : '',
        brick.reasons.length ? el('span', { class: 'reasons' }, ' ' + brick.reasons.join('; ')) : '')))));
    return el('div', { class: 'risk' }, el('span', { class: 'meta' }, summary), sets.length ? el('table', {}, ...sets) : '');
  }
  function drawNodes(nodes) {
    replace('nodes', el('table', {}, el('tr', {}, el('th', {}, 'node'), el('th', {}, 'liveness'), el('th', {}, 'glusterd'), el('th', {}, 'last heartbeat')),
      ...nodes.map((node) => el('tr', {}, el('td', {}, node.nodeId), el('td', {}, pill(node.liveness)),
        el('td', {}, node.glusterdActiveState ?? '?'), el('td', {}, time(node.lastHeartbeatAt))))));
  }
  function draw(snapshot) {
    const status = document.getElementById('status');
    status.className = snapshot.readiness.ready ? 'meta' : 'meta down';
    status.textContent = (snapshot.readiness.ready ? 'live' : 'not ready: ' + snapshot.readiness.reason) + ' · updated ' + new Date().toLocaleTimeString();
    document.getElementById('scope').textContent = snapshot.partial ? 'partial view: this instance holds tasks ' + snapshot.tasks.join(', ') : '';
    drawAlerts(snapshot.alerts);
    drawVolumes(snapshot.volumes);
    drawNodes(snapshot.nodes);
  }
  const events = new EventSource('events');
  events.addEventListener('snapshot', (event) => draw(JSON.parse(event.data)));
  events.onerror = () => {
    const status = document.getElementById('status');
    status.className = 'meta down';
    status.textContent = 'disconnected, retrying…';
  };
})();
</script>
</body>
</html>
`;
