/// The view model of `index.html`: a card per notebook, tag filters, the summary line.
struct IndexPage {
  let pages: [NotebookPage]

  func model() -> [String: Any] {
    let reproduced = pages.filter { $0.entry.report?.run.status == .passed }.count
    let papers = pages.filter { $0.entry.notebook.frontMatter.paper != nil }.count
    let summary =
      papers == pages.count
      ? "\(reproduced) of \(pages.count) papers reproduced"
      : "\(reproduced) of \(pages.count) notebooks reproduced"
    let tags = Set(pages.flatMap { $0.entry.notebook.frontMatter.tags }).sorted()
    return ["summary": summary, "tags": tags, "cards": pages.map(card)]
  }

  private func card(_ page: NotebookPage) -> [String: Any] {
    let matter = page.entry.notebook.frontMatter
    var card: [String: Any] = [
      "slug": page.slug, "title": page.title, "status": page.status, "statusLabel": page.statusLabel,
      "claimsText": "claims: \(page.claimsText)", "tagsOfCard": matter.tags,
      "tagList": matter.tags.joined(separator: " "),
      "searchText":
        ([page.title, matter.paper?.title ?? "", matter.paper?.authors ?? ""] + matter.tags
        + page.claims.map(\.claim.statement)).joined(separator: " ").lowercased(),
    ]
    if let paper = matter.paper { card["paper"] = NotebookPage.paperModel(paper) }
    if let seconds = page.entry.report?.run.seconds { card["seconds"] = NotebookPage.duration(seconds) }
    if let thumbnail = page.thumbnail {
      card["thumbnail"] = page.slug + "/" + thumbnail.file
      card["thumbnailAlt"] = "First figure of \(page.title)"
    }
    return card
  }
}
