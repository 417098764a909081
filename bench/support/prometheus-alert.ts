/**
 * One alert as Prometheus posts it to `POST /api/v2/alerts` (7 labels, a summary and description, startsAt, endsAt in
 * the future, generatorURL), as JSON text: the benchmarks send the same bytes to COSS and to Alertmanager.
 */
export interface BenchAlert {
  alertname: string;
  instance: string;
  startsAt: string;
  endsAt: string;
  /** more labels, already JSON: `,"series":"…"` */
  extraLabels?: string;
  /** more annotations, already JSON: `,"sent_at":"…"` */
  extraAnnotations?: string;
}

export function alertJson(alert: BenchAlert): string {
  const { alertname, instance } = alert;
  return (
    `{"labels":{"alertname":"${alertname}","instance":"${instance}:9100","job":"node","severity":"warning",` +
    `"cluster":"prod-la","service":"bench"${alert.extraLabels ?? ''}},` +
    `"annotations":{"summary":"${alertname} on ${instance}","description":"Synthetic alert from the COSS ingest benchmark."` +
    `${alert.extraAnnotations ?? ''}},` +
    `"startsAt":"${alert.startsAt}","endsAt":"${alert.endsAt}",` +
    `"generatorURL":"http://prometheus.bench.example:9090/graph?g0.expr=up"}`
  );
}
