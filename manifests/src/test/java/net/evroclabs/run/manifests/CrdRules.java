package net.evroclabs.run.manifests;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Evaluates a CRD's {@code x-kubernetes-validations} rules against objects with CEL, as the API
 * server does: every rule at every schema node, with {@code self} bound to the value at that node.
 * Kubernetes' list extension {@code sum()} is declared, as the API server provides it.
 */
final class CrdRules {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final JSONSchemaProps root;
  private final CelCompiler compiler;
  private final CelRuntime runtime;
  private final Map<String, CelRuntime.Program> programs = new HashMap<>();

  private CrdRules(JSONSchemaProps root) {
    this.root = root;
    // Unsigned values get their own type, so a JSON integer (a Long) is a signed int, as in
    // Kubernetes.
    CelOptions options = CelOptions.current().enableUnsignedLongs(true).build();
    this.compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("self", SimpleType.DYN)
            .addFunctionDeclarations(
                CelFunctionDecl.newFunctionDeclaration(
                    "sum",
                    CelOverloadDecl.newMemberOverload(
                        "list_sum", SimpleType.DYN, ListType.create(SimpleType.DYN))))
            .build();
    this.runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(options)
            .addFunctionBindings(
                CelRuntime.CelFunctionBinding.from(
                    "list_sum",
                    List.class,
                    list -> {
                      long total = 0;
                      for (Object o : list) {
                        total += ((Number) o).longValue();
                      }
                      return total;
                    }))
            .build();
  }

  /** The rules of a committed CRD file. */
  static CrdRules of(Path crdFile) throws IOException {
    CustomResourceDefinition crd =
        YAML.readValue(Files.readString(crdFile), CustomResourceDefinition.class);
    return new CrdRules(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema());
  }

  /** Every rule in the schema, as message -> rule. */
  Map<String, String> allRules() {
    Map<String, String> out = new LinkedHashMap<>();
    collect(root, out);
    return out;
  }

  /** The messages of every rule that {@code yaml} (a whole object) breaks. */
  List<String> violations(String yaml) throws IOException {
    Object value = toCel(YAML.readValue(yaml, Object.class));
    List<String> out = new ArrayList<>();
    walk(root, value, out);
    return out;
  }

  private void collect(JSONSchemaProps schema, Map<String, String> out) {
    if (schema == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule r : schema.getXKubernetesValidations()) {
        out.put(r.getMessage(), r.getRule());
      }
    }
    if (schema.getProperties() != null) {
      schema.getProperties().values().forEach(p -> collect(p, out));
    }
    if (schema.getItems() != null) {
      collect(schema.getItems().getSchema(), out);
    }
  }

  private void walk(JSONSchemaProps schema, Object value, List<String> out) {
    if (schema == null || value == null) {
      return;
    }
    if (schema.getXKubernetesValidations() != null) {
      for (ValidationRule r : schema.getXKubernetesValidations()) {
        if (!evaluate(r.getRule(), value)) {
          out.add(r.getMessage());
        }
      }
    }
    if (value instanceof Map<?, ?> map && schema.getProperties() != null) {
      for (Map.Entry<String, JSONSchemaProps> p : schema.getProperties().entrySet()) {
        walk(p.getValue(), map.get(p.getKey()), out);
      }
    }
    if (value instanceof List<?> list && schema.getItems() != null) {
      for (Object item : list) {
        walk(schema.getItems().getSchema(), item, out);
      }
    }
  }

  private boolean evaluate(String rule, Object self) {
    try {
      CelRuntime.Program program = programs.get(rule);
      if (program == null) {
        CelAbstractSyntaxTree ast = compiler.compile(rule).getAst();
        program = runtime.createProgram(ast);
        programs.put(rule, program);
      }
      return (Boolean) program.eval(Map.of("self", self));
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalStateException("CEL rule '" + rule + "' failed: " + e.getMessage(), e);
    }
  }

  /** JSON numbers as CEL ints (Long); maps and lists recursively. */
  private static Object toCel(Object v) {
    if (v instanceof Integer i) {
      return i.longValue();
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), toCel(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(CrdRules::toCel).toList();
    }
    return v;
  }
}
