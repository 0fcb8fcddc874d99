// The worklist tables' paging and error, shared with the console's other tables. Each tab's badge reads the tab's
// first page (FIRST_PAGE), so the open tab's list and its badge are one request.
export { FIRST_PAGE, ErrorAlert as ListError, usePaging } from '../../components/table-paging';
