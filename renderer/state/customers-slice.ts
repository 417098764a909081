/** The customers this operator watches, in sidebar order, and which one is in front. */
import type { CustomerSummary } from '../../shared/host/contract.ts';

export interface CustomersSlice {
  customers: CustomerSummary[];
  activeCustomer: string | null;
}

export function initialCustomers(): CustomersSlice {
  return { customers: [], activeCustomer: null };
}
