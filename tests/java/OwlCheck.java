// OWL API 5 check of the balkg ontology, run by tests/test_owlapi.py as a single-file program:
//   java -cp <OWL API jars> OwlCheck.java profile FILE...   OWL 2 DL profile violations of the merged files
//   java -cp <OWL API jars> OwlCheck.java catalog DIR IRI...  load each IRI with its imports through
//                                                            DIR/catalog-v001.xml, offline, and check its profile
// Output: one line per violation or loaded ontology, then "OWL 2 DL violations: N"; exit 0 only when N is 0.
import java.io.File;
import java.util.*;
import javax.xml.parsers.DocumentBuilderFactory;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;
import org.w3c.dom.*;

public class OwlCheck {
    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("profile")) {
            System.exit(profile(Arrays.copyOfRange(args, 1, args.length)));
        } else if (args.length >= 3 && args[0].equals("catalog")) {
            List<IRI> tops = new ArrayList<>();
            for (int i = 2; i < args.length; i++) tops.add(IRI.create(args[i]));
            System.exit(catalog(new File(args[1]), tops));
        }
        System.err.println("usage: OwlCheck profile FILE... | OwlCheck catalog DIR IRI...");
        System.exit(2);
    }

    /** One file is read in whatever syntax it has; several are read as one Turtle document (Turtle
     *  allows repeated prefixes). Imports are not followed. */
    static int profile(String[] files) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        manager.getOntologyConfigurator().setMissingImportHandlingStrategy(MissingImportHandlingStrategy.SILENT);
        manager.setIRIMappers(Collections.emptySet());  // nothing resolved: no network
        OWLOntology merged;
        if (files.length == 1) {
            merged = manager.loadOntologyFromOntologyDocument(new File(files[0]));
        } else {
            StringBuilder text = new StringBuilder();
            for (String path : files) {
                text.append(new String(java.nio.file.Files.readAllBytes(new File(path).toPath()), "UTF-8")).append("\n");
            }
            merged = manager.loadOntologyFromOntologyDocument(
                    new org.semanticweb.owlapi.io.StringDocumentSource(text.toString(), "urn:balkg:profile-check",
                            new org.semanticweb.owlapi.formats.TurtleDocumentFormat(), null));
        }
        System.out.println("ontology: " + merged.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("(anonymous)")
                + ", " + merged.classesInSignature().count() + " classes");
        OWLProfileReport report = new OWL2DLProfile().checkOntology(merged);
        List<String> lines = new ArrayList<>();
        for (OWLProfileViolation v : report.getViolations()) {
            lines.add(v.getClass().getSimpleName() + ": " + v.toString().replace('\n', ' '));
        }
        Collections.sort(lines);
        lines.forEach(System.out::println);
        System.out.println("OWL 2 DL violations: " + lines.size() + " (axioms: " + merged.getAxiomCount() + ")");
        return lines.isEmpty() ? 0 : 1;
    }

    /** Loads each IRI with its imports in a fresh manager, every IRI mapped by the catalog; any web access fails. */
    static int catalog(File dir, List<IRI> tops) throws Exception {
        Map<IRI, IRI> map = readCatalog(new File(dir, "catalog-v001.xml"));
        int violationsTotal = 0;
        for (IRI top : tops) {
            OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
            manager.setIRIMappers(Collections.singleton(iri -> {
                IRI local = map.get(iri);
                if (local == null) throw new IllegalStateException("not in the catalog, would need the network: " + iri);
                return local;
            }));
            manager.getOntologyConfigurator().setMissingImportHandlingStrategy(MissingImportHandlingStrategy.THROW_EXCEPTION);
            OWLOntology ontology = manager.loadOntology(top);
            List<String> lines = new ArrayList<>();
            ontology.importsClosure().forEach(o -> lines.add("  loaded " + o.getOntologyID().getOntologyIRI().map(IRI::toString).orElse("?")
                    + " from " + manager.getOntologyDocumentIRI(o)));
            Collections.sort(lines);
            long classes = ontology.importsClosure().flatMap(OWLOntology::classesInSignature).distinct().count();
            List<String> violations = new ArrayList<>();
            for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
                violations.add("  " + v.getClass().getSimpleName() + ": " + v.toString().replace('\n', ' '));
            }
            Collections.sort(violations);
            System.out.println(top + ": imports closure of " + lines.size() + " ontologies, " + classes + " classes, "
                    + violations.size() + " OWL 2 DL violations");
            lines.forEach(System.out::println);
            violations.forEach(System.out::println);
            violationsTotal += violations.size();
        }
        System.out.println("OWL 2 DL violations: " + violationsTotal);
        return violationsTotal == 0 ? 0 : 1;
    }

    /** The <uri name="..." uri="..."/> entries of an OASIS XML catalog, relative to its folder. */
    static Map<IRI, IRI> readCatalog(File file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(file);
        NodeList uris = doc.getElementsByTagNameNS("*", "uri");
        Map<IRI, IRI> map = new HashMap<>();
        for (int i = 0; i < uris.getLength(); i++) {
            Element e = (Element) uris.item(i);
            File target = new File(file.getParentFile(), e.getAttribute("uri"));
            if (!target.isFile()) throw new IllegalStateException("catalog names a missing file: " + target);
            map.put(IRI.create(e.getAttribute("name")), IRI.create(target.toURI()));
        }
        return map;
    }
}
