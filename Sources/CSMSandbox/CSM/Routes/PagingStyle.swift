/// How a CSM list operation pages, as Atlassian's reference gives it for that operation.
enum PagingStyle: Sendable, Equatable {
    /// An offset and a page size in the query, `{offsetName}` and `limit` (entitlements use
    /// `start`, help-centre access `startAt`); the answer repeats both and says `isLastPage`.
    case offset(String)
    /// A page number from 1 and `maxResults` in the query (search by detail field); the answer
    /// repeats both, adds `total` and says `isLastPage`.
    case page
    /// `cursor` and `limit` in the query (products); the answer carries `nextPageCursor` unless
    /// it is the last page.
    case cursor
}
