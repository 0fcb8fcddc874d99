// The department's tables page and show their errors as the console's other tables do.
export { ErrorAlert, usePaging } from '../../components/table-paging';
