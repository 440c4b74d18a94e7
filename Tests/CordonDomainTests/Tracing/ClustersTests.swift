import CordonDomain
import Testing

@Suite struct ClustersTests {
    @Test func linkedCasesFormOneClusterLargestFirst() {
        let cases: [(id: Int64, reportedAt: Int64)] = [(1, 100), (2, 200), (3, 300), (4, 400), (5, 500), (6, 50)]
        let links = [CaseLink(from: 1, to: 2, kind: .contactOf), CaseLink(from: 2, to: 3, kind: .contactOf),
                     CaseLink(from: 5, to: 4, kind: .sameCluster), CaseLink(from: 9, to: 1, kind: .contactOf)]
        let clusters = Clusters.group(cases: cases, links: links, recentSince: 250)
        #expect(clusters.map(\.caseIDs) == [[1, 2, 3], [4, 5], [6]])
        #expect(clusters.map(\.recent) == [1, 2, 0])
        #expect(clusters[0].links.count == 2)
        #expect(Clusters.chain(of: 3, in: clusters)?.caseIDs == [1, 2, 3])
        #expect(Clusters.chain(of: 9, in: clusters) == nil)
    }
}
