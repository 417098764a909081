/** Shows one alert: its customer, the cursor on it, its detail open. What a notification's click and the host's `alerts.focus` do. */
import { loadAlertDetail } from './alert-actions.ts';
import { switchCustomer } from './customer-actions.ts';
import { setState } from './store.ts';

export function focusAlert(customer: string, number: number): void {
  void switchCustomer(customer).then(() => {
    setState({ cursor: number, detailOpen: true, overlay: null });
    void loadAlertDetail(number);
  });
}
