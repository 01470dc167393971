import { createContext, useContext } from "react";

// HTML rendered once and shared by many readers (a page of a thread, ADR 020) goes into the
// document through this context rather than through loader data, so the browser does not
// receive it twice: once as HTML and again as JSON for hydration. Loaders put fragments in
// the load context on document requests; entry.server hands them to the render. In the
// browser the context is empty, and the elements that show a fragment keep the server's HTML.
const SharedFragmentsContext = createContext<ReadonlyMap<string, string>>(new Map());
export const SharedFragmentsProvider = SharedFragmentsContext.Provider;
export const useSharedFragments = () => useContext(SharedFragmentsContext);
