/** The actor may not do this (a viewer paying, say): the bot refuses before, the domain again. */
export class ForbiddenAction extends Error {
  override name = "ForbiddenAction";
}
