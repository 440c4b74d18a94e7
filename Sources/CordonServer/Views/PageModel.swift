import Mustache

/// What a page's template reads: a struct whose stored properties are the names the template uses (`roleIntro` for
/// `{{role_intro}}`, as JSON keys are spelled), rows as arrays of such structs. An optional property reads as its value
/// or as absent, so a section meant for "a value was chosen" renders only when one was.
protocol PageModel: MustacheParent, Sendable {}

extension PageModel {
    func child(named name: String) -> Any? {
        let label = BodyDecoder.camelCase(name)
        for child in Mirror(reflecting: self).children where child.label == label { return PageFrame.readThrough(child.value) }
        return nil
    }
}

/// A page's model inside what every page shows around it: the reader's words (`t`) and language, who is signed in
/// (`me`), the CSRF token and the menu. A name is looked up in the model first.
struct PageFrame: MustacheParent {
    let lookup: (String) -> Any?
    let common: [String: Any]

    func child(named name: String) -> Any? {
        lookup(name) ?? common[name]
    }

    /// An optional's value, or nil for none; anything else as it is.
    static func readThrough(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { readThrough($0.value) } ?? nil
    }

    /// A dictionary model, until its page is typed: optionals in it, at any depth, read as their value or as absent,
    /// as a typed model's do.
    static func withoutOptionals(_ value: Any) -> Any? {
        switch readThrough(value) {
        case nil: return nil
        case let dictionary as [String: Any]: return dictionary.compactMapValues(withoutOptionals)
        case let rows as [[String: Any]]: return rows.map { $0.compactMapValues(withoutOptionals) }
        case let list as [Any]: return list.compactMap(withoutOptionals)
        case let other?: return other
        }
    }
}
