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
    let model: any PageModel
    let common: [String: Any]

    func child(named name: String) -> Any? {
        model.child(named: name) ?? common[name]
    }

    /// An optional's value, or nil for none; anything else as it is.
    static func readThrough(_ value: Any) -> Any? {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .optional else { return value }
        return mirror.children.first.map { readThrough($0.value) } ?? nil
    }
}
