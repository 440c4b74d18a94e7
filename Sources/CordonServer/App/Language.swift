import CordonStore
import CordonDomain
/// The interface languages. Chinese first: the command centre works in it.
enum Language: String, Sendable, CaseIterable {
    case zh = "zh-Hans"
    case en

    init(tag: String?) {
        self = tag.flatMap(Language.init(rawValue:)) ?? .zh
    }
}
