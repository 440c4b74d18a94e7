/// How long a newcomer can expect to queue at a site, from what it swabbed recently against what it can swab.
///
/// A desk's service rate is the site's daily capacity spread over its desks and opening hours. The recent swab rate
/// over that gives the utilisation ρ, and each desk is taken as its own M/M/1 queue: the wait is ρ / (μ (1 − ρ)).
/// Near saturation the formula runs away, so the estimate stops at `cap` minutes ("long queue").
public enum QueueEstimate {
    public static func minutes(recentSwabs: Int, windowMinutes: Int, desks: Int, dailyCapacity: Int, hours: DailyHours, cap: Int = 120) -> Int {
        let desks = max(1, desks)
        let perDeskPerMinute = Double(max(1, dailyCapacity)) / Double(desks) / Double(max(1, hours.closes - hours.opens))
        let arrivalsPerDeskPerMinute = Double(recentSwabs) / Double(max(1, windowMinutes)) / Double(desks)
        let rho = arrivalsPerDeskPerMinute / perDeskPerMinute
        guard rho < 0.99 else { return cap }
        return min(cap, Int((rho / (perDeskPerMinute * (1 - rho))).rounded()))
    }
}
