@testable import CordonServer
import Mustache
import Testing

/// A page's model never shows mustache an `Optional` as a value: none reads as absent, some as what it holds, whether
/// the page is typed or still a dictionary.
@Suite struct PageModelTests {
    struct Sample: PageModel {
        let error: String?
        let residentsTotal: Int?
        let rows: [Row]

        struct Row: PageModel {
            let name: String
            let chosen: String?
        }
    }

    let template = try! MustacheTemplate(string: "{{#error}}[{{error}}]{{/error}}{{#residents_total}}({{residents_total}}){{/residents_total}}"
        + "{{#rows}}<{{name}}{{#chosen}}={{chosen}}{{/chosen}}{{lang}}>{{/rows}}")

    func render(_ lookup: @escaping (String) -> Any?) -> String {
        template.render(PageFrame(lookup: lookup, common: ["lang": "!"]))
    }

    @Test func aTypedModelReadsOptionalsThroughAndNamesInSnakeCase() {
        let none = Sample(error: nil, residentsTotal: nil, rows: [.init(name: "a", chosen: nil)])
        #expect(render(none.child(named:)) == "<a!>")
        let some = Sample(error: "bad", residentsTotal: 3, rows: [.init(name: "a", chosen: "x")])
        #expect(render(some.child(named:)) == "[bad](3)<a=x!>")
    }

    @Test func aDictionaryModelReadsOptionalsAsATypedOneDoes() {
        let chosen: String? = nil
        let values = ["error": chosen as Any, "rows": [["name": "a", "chosen": chosen as Any]]].compactMapValues(PageFrame.withoutOptionals)
        #expect(render({ values[$0] }) == "<a!>")
    }
}
