import Foundation
import NIOHTTP1

extension SandboxState {
    /// One page of a list of `count` items, in the operation's paging style.
    ///
    /// The page size is the request's (`limit` or `maxResults`), else `defaultLimit`, and never more
    /// than `maximumLimit` nor the sandbox's page-size knob (`pageSize`, so tests can page through a
    /// few items). A bad offset, page or size is a 400.
    /// - Parameters:
    ///   - count: the number of items in the whole list.
    ///   - call: the request, for its query.
    ///   - style: the operation's paging.
    ///   - defaultLimit: the page size when the request gives none.
    ///   - maximumLimit: the largest page the operation documents.
    ///   - items: the JSON of the items in a range of the list; only the page's range is asked for.
    func paged(
        count: Int, _ call: APICall, style: PagingStyle, defaultLimit: Int = 50, maximumLimit: Int = 50,
        items: (Range<Int>) -> [JSONValue]
    ) -> SandboxResponse {
        let limitName = style == .page ? "maxResults" : "limit"
        guard let requested = Self.integer(call.query(limitName), default: defaultLimit), requested >= 1 else {
            return .apiError(.badRequest, "\(limitName) must be a whole number of at least 1.")
        }
        let limit = min(requested, maximumLimit, apiSettings.pageSize)
        let start: Int
        switch style {
        case .offset(let name):
            guard let offset = Self.integer(call.query(name), default: 0), offset >= 0 else {
                return .apiError(.badRequest, "\(name) must be a whole number of at least 0.")
            }
            start = offset
        case .page:
            guard let page = Self.integer(call.query("page"), default: 1), page >= 1, page <= Int(Int32.max) else {
                return .apiError(.badRequest, "page must be a whole number of at least 1.")
            }
            start = (page - 1) * limit
        case .cursor:
            guard let offset = Self.cursorOffset(call.query("cursor")) else {
                return .apiError(.badRequest, "The cursor is not one this list gave.")
            }
            start = offset
        }
        let end = min(count, start.addingReportingOverflow(limit).overflow ? count : start + limit)
        let slice = start < end ? items(start..<end) : []
        let isLastPage = end >= count
        var members: [String: JSONValue] = ["results": .array(slice)]
        switch style {
        case .offset(let name):
            members[name] = .number(Double(start))
            members["limit"] = .number(Double(limit))
            members["isLastPage"] = .bool(isLastPage)
        case .page:
            members["page"] = .number(Double(start / limit + 1))
            members["maxResults"] = .number(Double(limit))
            members["total"] = .number(Double(count))
            members["isLastPage"] = .bool(isLastPage)
        case .cursor:
            if !isLastPage { members["nextPageCursor"] = .string(Self.cursor(forOffset: end)) }
        }
        return .json(.object(members))
    }

    /// A query value as a whole number; `default` when absent, nil when not a number.
    private static func integer(_ text: String?, default value: Int) -> Int? {
        guard let text else { return value }
        guard text.count <= 10, text.allSatisfy(\.isASCII) else { return nil }
        return Int(text)
    }

    /// An opaque cursor for the list position `offset`.
    private static func cursor(forOffset offset: Int) -> String {
        Data("offset:\(offset)".utf8).base64EncodedString()
    }

    /// The position a cursor stands for: 0 for none, nil for one this sandbox did not give.
    private static func cursorOffset(_ cursor: String?) -> Int? {
        guard let cursor else { return 0 }
        guard cursor.count <= 64, let data = Data(base64Encoded: cursor),
            let text = String(data: data, encoding: .utf8), text.hasPrefix("offset:"),
            let offset = Int(text.dropFirst("offset:".count)), offset >= 0
        else { return nil }
        return offset
    }
}
