/// One option of a select or a list of links: its value, its words, and whether it is the one chosen.
struct Choice: PageModel {
    let value: String
    let label: String
    var selected = false
}
