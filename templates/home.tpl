{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Prendre rendez-vous en mairie]]</h1>
<p class="lead">[[Carte d'identité, passeport et autres démarches : trouvez le créneau le plus proche et le plus tôt parmi les mairies de la plateforme.]]</p>
{{#FORM_ERRORS}}
<div class="alert" role="alert" tabindex="-1" id="erreurs">
<h2>[[Le formulaire contient des erreurs]]</h2>
<ul>{{#ERROR}}<li><a href="#{{FIELD}}">{{MESSAGE}}</a></li>{{/ERROR}}</ul>
</div>
{{/FORM_ERRORS}}
<form action="/recherche" method="get" class="card" id="search-form">
<div class="field">
<label for="procedure">[[Démarche]]</label>
{{#ERR_PROCEDURE}}<p class="error" id="procedure-err">{{E_PROCEDURE}}</p>{{/ERR_PROCEDURE}}
<select id="procedure" name="procedure" required>
{{#PROCEDURE_OPTION}}<option value="{{CODE}}"{{#SELECTED}} selected{{/SELECTED}}>{{NAME}}</option>
{{/PROCEDURE_OPTION}}
</select>
</div>
<div class="field">
<label for="personnes">[[Nombre de personnes]]</label>
<p class="hint" id="personnes-hint">[[Pour une famille, les créneaux se suivent.]]</p>
{{#ERR_PERSONNES}}<p class="error" id="personnes-err">{{E_PERSONNES}}</p>{{/ERR_PERSONNES}}
<select id="personnes" name="personnes" aria-describedby="personnes-hint">
{{#PARTY_OPTION}}<option value="{{N}}"{{#SELECTED}} selected{{/SELECTED}}>{{N}}</option>
{{/PARTY_OPTION}}
</select>
</div>
<div class="field">
<label for="lieu">[[Votre commune ou code postal]]</label>
<p class="hint" id="lieu-hint">[[Par exemple : Annecy ou 74000]]</p>
{{#ERR_LIEU}}<p class="error" id="lieu-err">{{E_LIEU}}</p>{{/ERR_LIEU}}
<input id="lieu" name="lieu" type="text" autocomplete="address-level2" maxlength="100" value="{{V_LIEU}}" aria-describedby="lieu-hint{{#ERR_LIEU}} lieu-err{{/ERR_LIEU}}"{{#ERR_LIEU}} aria-invalid="true"{{/ERR_LIEU}}>
</div>
<input type="hidden" name="lat" id="lat" value="">
<input type="hidden" name="lon" id="lon" value="">
<p class="actions">
<button type="submit" class="button">[[Rechercher un créneau]]</button>
<button type="button" class="button secondary js-only" id="geoloc" hidden>[[Utiliser ma position]]</button>
</p>
<p class="status" id="geoloc-status" role="status"></p>
</form>
<section aria-labelledby="how">
<h2 id="how">[[Comment ça marche ?]]</h2>
<ol class="steps">
<li>[[Choisissez la démarche et le lieu le plus proche ou le plus tôt.]]</li>
<li>[[Choisissez le jour et l'heure, puis indiquez les personnes concernées.]]</li>
<li>[[Confirmez avec le code reçu par SMS ou courriel : vous recevez votre convocation et la liste des pièces à apporter.]]</li>
</ol>
<p>[[Une seule demande par personne et par démarche : pour changer de jour ou de lieu, déplacez votre rendez-vous.]] <a href="/gerer">[[Gérer mon rendez-vous]]</a></p>
<p>[[Votre titre expire bientôt, ou c'est urgent (voyage, perte ou vol, santé) ?]] <a href="/urgence">[[Demander un rendez-vous urgent]]</a></p>
</section>
<script src="/static/js/geoloc.js" defer></script>
{{>FOOTER}}
