package dev.mailroom.web;

import java.util.ArrayList;
import java.util.List;

import dev.mailroom.mailbox.FolderSummary;

/**
 * Folders in sidebar order: system folders first, then the user's own, each followed by
 * its subfolders, indented by depth.
 */
public final class FolderTree {

	/** A folder, its depth and its full path (parent/child), for templates. */
	public record Node(FolderSummary folder, int depth, String path) {

		public long id() {
			return this.folder.id();
		}

	}

	private FolderTree() {
	}

	static List<Node> flatten(List<FolderSummary> folders) {
		List<Node> nodes = new ArrayList<>();
		for (FolderSummary folder : folders) {
			if (folder.parentId() == null) {
				add(folder, 0, folder.name(), folders, nodes);
			}
		}
		return nodes;
	}

	private static void add(FolderSummary folder, int depth, String path, List<FolderSummary> all, List<Node> nodes) {
		nodes.add(new Node(folder, depth, path));
		if (depth > 30) {
			return;
		}
		for (FolderSummary child : all) {
			if (child.parentId() != null && child.parentId() == folder.id()) {
				add(child, depth + 1, path + "/" + child.name(), all, nodes);
			}
		}
	}

}
