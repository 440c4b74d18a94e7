/// A list as a body gives it: a JSON array from a program, or one text field a person types, items separated by
/// commas (either width), spaces or new lines. Each item reads as its type says; one that does not refuses the field.
public struct Listed<Element: ListItem>: Decodable, Sendable {
    public let items: [Element]

    public init(_ items: [Element]) { self.items = items }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let items = try? container.decode([Element].self) {
            self.items = items
            return
        }
        let text = try container.decode(String.self)
        do {
            items = try text.split(whereSeparator: { $0 == "," || $0 == "，" || $0.isWhitespace }).map(Element.read)
        } catch is UnreadableItem {
            throw DecodingError.typeMismatch([Element].self, .init(codingPath: decoder.codingPath, debugDescription: "not a list"))
        }
    }
}

/// What a typed list holds, read from one item of text. It throws `UnreadableItem`, or a refusal that says more.
public protocol ListItem: Decodable, Sendable {
    static func read(_ item: Substring) throws -> Self
}

public struct UnreadableItem: Error {
    public init() {}
}

extension String: ListItem {
    public static func read(_ item: Substring) -> String { String(item) }
}

extension Int64: ListItem {
    /// An id, with the `#` pages show before ids read past.
    public static func read(_ item: Substring) throws -> Int64 {
        guard let id = Int64(item.hasPrefix("#") ? item.dropFirst() : item) else { throw UnreadableItem() }
        return id
    }
}
