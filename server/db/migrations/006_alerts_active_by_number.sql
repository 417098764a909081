-- Paging through a customer's active alerts by event number (the console's snapshot, `order=number&after=N`)
-- reads this index in order instead of sorting every active alert of the customer for each page.
CREATE INDEX alerts_active_by_number ON alerts (customer_id, number) WHERE status <> 'resolved';
