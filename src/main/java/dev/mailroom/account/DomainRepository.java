package dev.mailroom.account;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface DomainRepository extends JpaRepository<Domain, Long> {

	Optional<Domain> findByName(String name);

	boolean existsByName(String name);

	List<Domain> findAllByOrderByNameAsc();

}
