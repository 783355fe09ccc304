package net.evroclabs.run.controller;

import java.util.List;
import java.util.Optional;
import net.evroclabs.run.api.Revision;
import net.evroclabs.run.api.Service;

/**
 * Where Services and Revisions live. Reads come from a watched cache; writes go to the store and
 * are visible to the next read by the same process.
 */
public interface ServiceStore {

  /** The Service, from the cache. */
  Optional<Service> service(ResourceKey key);

  /** The Service as stored now, bypassing the cache: used after a write conflict. */
  Optional<Service> fetchService(ResourceKey key);

  /** The Revision, from the cache. */
  Optional<Revision> revision(ResourceKey key);

  /** The Revision as stored now, bypassing the cache: used after a write conflict. */
  Optional<Revision> fetchRevision(ResourceKey key);

  /** Every Revision labelled as belonging to {@code service}. */
  List<Revision> revisionsOf(ResourceKey service);

  /** Every Service, for a full resync. */
  List<ResourceKey> serviceKeys();

  /** Every Revision, for a full resync. */
  List<ResourceKey> revisionKeys();

  /**
   * What {@link #createRevision} found: the Revision stored under the name, and whether it is new.
   */
  record Created(Revision revision, boolean isNew) {}

  /**
   * Creates {@code revision} unless one of that name exists.
   *
   * @return the Revision now stored under that name: the new one, or the one that was there
   */
  Created createRevision(Revision revision);

  /** Deletes the Revision; a missing one is not an error. */
  void deleteRevision(ResourceKey key);

  /**
   * Writes {@code service}'s status, provided the stored resource still has its resource version.
   *
   * @throws StaleResourceException when the stored resource changed in between
   */
  void updateStatus(Service service);

  /**
   * Writes {@code revision}'s status, provided the stored resource still has its resource version.
   *
   * @throws StaleResourceException when the stored resource changed in between
   */
  void updateStatus(Revision revision);
}
